using NpgsqlTypes;

namespace FaceCluster.Storage.Postgres;

public sealed partial class PostgresFaceStore
{
    /// <summary>
    /// Shards of one set may save at the same time (from several machines); a transaction-level advisory lock per
    /// profile serialises the saves, so two of them never delete each other's stale rows in different orders.
    /// The lists go in by binary COPY, one row per face.
    /// </summary>
    public void SaveNeighbours(ShardNeighbours neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        var shard = neighbours.Shard;
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        using (var replace = Command(connection, "SELECT pg_advisory_xact_lock(hashtextextended('neighbours/' || @profile, 0));" + NeighbourRows.ReplaceShard, transaction))
        {
            NeighbourRows.AddShardParameters(replace, shard);
            replace.ExecuteNonQuery();
        }

        var blob = new byte[NeighbourListCodec.MaxBytes(shard.K)];
        var faceIds = neighbours.FaceIds.Span;
        using (var copy = connection.BeginBinaryImport("COPY neighbour_lists (profile, shard, face_id, neighbours) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < faceIds.Length; i++)
            {
                var length = NeighbourListCodec.Encode(
                    neighbours.NeighbourIds.Span.Slice(i * shard.K, shard.K), neighbours.Distances.Span.Slice(i * shard.K, shard.K), blob);
                copy.StartRow();
                copy.Write(shard.Profile, NpgsqlDbType.Text);
                copy.Write(shard.Shard, NpgsqlDbType.Integer);
                copy.Write(faceIds[i], NpgsqlDbType.Bigint);
                copy.Write(new ArraySegment<byte>(blob, 0, length), NpgsqlDbType.Bytea);
            }

            copy.Complete();
        }

        transaction.Commit();
    }

    public IReadOnlyList<NeighbourShard> LoadNeighbourShards(string profile)
    {
        using var connection = Connect();
        using var command = Command(connection, NeighbourRows.SelectShards);
        command.Parameters.AddWithValue("profile", profile);
        using var reader = command.ExecuteReader();
        return NeighbourRows.ReadShards(reader);
    }

    public void ReadNeighbours(string profile, NeighbourListVisitor visit)
    {
        using var connection = Connect();
        using var command = Command(connection, NeighbourRows.SelectLists);
        command.Parameters.AddWithValue("profile", profile);
        using var reader = command.ExecuteReader();
        NeighbourRows.ReadLists(reader, visit);
    }
}
