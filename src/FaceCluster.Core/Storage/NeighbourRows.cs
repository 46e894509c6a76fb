using System.Data.Common;
using System.Globalization;

namespace FaceCluster.Storage;

/// <summary>
/// The neighbour tables' statements and row readers, shared by both backends (SQLite and Npgsql both take <c>@name</c>
/// parameters), so <see cref="INeighbourStore"/> behaves the same on either.
/// </summary>
internal static class NeighbourRows
{
    /// <summary>Drops the shard's old lists and every shard of the profile computed for another face set, shard count or K; then records the shard.</summary>
    public const string ReplaceShard = """
        DELETE FROM neighbour_lists WHERE profile = @profile AND (shard = @shard OR shard IN
            (SELECT shard FROM neighbour_shards WHERE profile = @profile AND (faces_hash <> @hash OR shard_count <> @count OR k <> @k)));
        DELETE FROM neighbour_shards WHERE profile = @profile AND (shard = @shard OR faces_hash <> @hash OR shard_count <> @count OR k <> @k);
        INSERT INTO neighbour_shards (profile, shard, shard_count, faces_hash, k, faces, search, computed_at)
            VALUES (@profile, @shard, @count, @hash, @k, @faces, @search, @computed);
        """;

    public const string InsertList = "INSERT INTO neighbour_lists (profile, shard, face_id, neighbours) VALUES (@profile, @shard, @face, @neighbours)";

    public const string SelectShards =
        "SELECT profile, shard, shard_count, faces_hash, k, faces, search, computed_at FROM neighbour_shards WHERE profile = @profile ORDER BY shard";

    public const string SelectLists = "SELECT face_id, neighbours FROM neighbour_lists WHERE profile = @profile";

    /// <summary>The parameters of <see cref="ReplaceShard"/>, for any provider's command.</summary>
    public static void AddShardParameters(DbCommand command, NeighbourShard shard)
    {
        Add(command, "profile", shard.Profile);
        Add(command, "shard", shard.Shard);
        Add(command, "count", shard.ShardCount);
        Add(command, "hash", shard.FacesHash);
        Add(command, "k", shard.K);
        Add(command, "faces", shard.Faces);
        Add(command, "search", shard.Search);
        Add(command, "computed", shard.ComputedAt.ToString("O", CultureInfo.InvariantCulture));
    }

    public static IReadOnlyList<NeighbourShard> ReadShards(DbDataReader reader)
    {
        var shards = new List<NeighbourShard>();
        while (reader.Read())
        {
            shards.Add(new NeighbourShard(
                reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5),
                reader.GetString(6), DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture)));
        }

        return shards;
    }

    /// <summary>Decodes each row of <see cref="SelectLists"/> into reused buffers and hands it to <paramref name="visit"/>.</summary>
    public static void ReadLists(DbDataReader reader, NeighbourListVisitor visit)
    {
        var blob = Array.Empty<byte>();
        var ids = Array.Empty<long>();
        var distances = Array.Empty<float>();
        while (reader.Read())
        {
            var length = reader.GetBytes(1, 0, null, 0, 0);
            if (length > blob.Length)
            {
                blob = new byte[length];
                ids = new long[length];
                distances = new float[length];
            }

            reader.GetBytes(1, 0, blob, 0, (int)length);
            var count = NeighbourListCodec.Decode(blob.AsSpan(0, (int)length), ids, distances);
            visit(reader.GetInt64(0), ids.AsSpan(0, count), distances.AsSpan(0, count));
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
