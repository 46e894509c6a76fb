using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore
{
    public void SaveNeighbours(ShardNeighbours neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        using var transaction = _connection.BeginTransaction();
        using (var replace = Command(NeighbourRows.ReplaceShard, transaction))
        {
            NeighbourRows.AddShardParameters(replace, neighbours.Shard);
            replace.ExecuteNonQuery();
        }

        using var insert = Command(NeighbourRows.InsertList, transaction);
        insert.Parameters.AddWithValue("@profile", neighbours.Shard.Profile);
        insert.Parameters.AddWithValue("@shard", neighbours.Shard.Shard);
        var face = insert.Parameters.Add("@face", SqliteType.Integer);
        var list = insert.Parameters.Add("@neighbours", SqliteType.Blob);
        var k = neighbours.Shard.K;
        var blob = new byte[NeighbourListCodec.MaxBytes(k)];
        list.Value = blob;
        insert.Prepare();
        var faceIds = neighbours.FaceIds.Span;
        for (var i = 0; i < faceIds.Length; i++)
        {
            face.Value = faceIds[i];

            // Size cuts the reused buffer to this list's length, so no BLOB is allocated per face.
            list.Size = NeighbourListCodec.Encode(neighbours.NeighbourIds.Span.Slice(i * k, k), neighbours.Distances.Span.Slice(i * k, k), blob);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public IReadOnlyList<NeighbourShard> LoadNeighbourShards(string profile)
    {
        using var command = Command(NeighbourRows.SelectShards);
        command.Parameters.AddWithValue("@profile", profile);
        using var reader = command.ExecuteReader();
        return NeighbourRows.ReadShards(reader);
    }

    public void ReadNeighbours(string profile, NeighbourListVisitor visit)
    {
        using var command = Command(NeighbourRows.SelectLists);
        command.Parameters.AddWithValue("@profile", profile);
        using var reader = command.ExecuteReader();
        NeighbourRows.ReadLists(reader, visit);
    }
}
