using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using FaceCluster.Detection;

namespace FaceCluster.Storage;

/// <summary>
/// Rows read the same way by both backends: the two stores keep identical column lists and encodings (times as ISO
/// text, stage seconds as JSON), so one reader per record type serves SQLite and PostgreSQL alike.
/// </summary>
internal static class StoreRows
{
    /// <summary>Distinct face profiles by stepping through the (profile, id) index: one probe per profile on both backends.</summary>
    public const string FaceProfilesQuery = """
        WITH RECURSIVE p(profile) AS (
            SELECT min(profile) FROM faces
            UNION ALL
            SELECT (SELECT min(profile) FROM faces WHERE profile > p.profile) FROM p WHERE p.profile IS NOT NULL)
        SELECT profile FROM p WHERE profile IS NOT NULL
        """;

    public static IReadOnlyList<string> Strings(System.Data.Common.DbDataReader reader)
    {
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public const string PhotoColumns = "id, path, size, mtime_ms, content_hash, status, profile, error";

    public const string RunColumns =
        "id, kind, started_at, ended_at, status, version, profile, files_seen, files_new, files_changed, files_unchanged, files_failed, files_missing, faces_added, stage_seconds";

    /// <summary>Counts the rows that make a library not empty (for <c>library copy</c>'s target check).</summary>
    public const string LibraryRowCount =
        "SELECT (SELECT count(*) FROM photos) + (SELECT count(*) FROM people) + (SELECT count(*) FROM runs) + (SELECT count(*) FROM settings)";

    /// <summary>Columns of a face and its photo for <see cref="Face"/> (faces aliased f, photos p).</summary>
    public const string FaceColumns = "f.id, f.photo_id, p.path, f.x, f.y, f.w, f.h, f.score, f.embedding";

    /// <summary>Columns of a face on the review pages for <see cref="ReviewFace"/> (faces aliased f, photos p).</summary>
    public const string ReviewFaceColumns = "f.id, f.photo_id, p.path, p.content_hash, f.x, f.y, f.w, f.h, f.person_id";

    /// <summary>A face row selected with <see cref="FaceColumns"/>.</summary>
    public static StoredFace Face(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2),
        new FaceBox(reader.GetFloat(3), reader.GetFloat(4), reader.GetFloat(5), reader.GetFloat(6)),
        reader.GetFloat(7), BlobCodec.DecodeFloats((byte[])reader[8]));

    /// <summary>A face row selected with <see cref="ReviewFaceColumns"/>.</summary>
    public static ReviewFace ReviewFace(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
        new FaceBox(reader.GetFloat(4), reader.GetFloat(5), reader.GetFloat(6), reader.GetFloat(7)),
        reader.IsDBNull(8) ? null : reader.GetInt64(8));

    /// <summary>
    /// Binds a face's values to an insert into faces whose parameters are named photo, profile, x, y, w, h, score,
    /// quality, landmarks and embedding (both providers match an unprefixed name to its <c>$</c> or <c>@</c> form).
    /// </summary>
    public static void BindFace(DbCommand insert, long photoId, string profile, FaceRecord face)
    {
        insert.Parameters.Clear();
        Add(insert, "photo", photoId);
        Add(insert, "profile", profile);
        Add(insert, "x", face.Box.X);
        Add(insert, "y", face.Box.Y);
        Add(insert, "w", face.Box.Width);
        Add(insert, "h", face.Box.Height);
        Add(insert, "score", face.Score);
        Add(insert, "quality", face.Quality);
        Add(insert, "landmarks", BlobCodec.Encode(face.Landmarks));
        Add(insert, "embedding", BlobCodec.Encode(face.Embedding));
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A person row: id, name, merged_into, face count.</summary>
    public static PersonRecord Person(DbDataReader reader) => new(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt32(3));

    /// <summary>The current row's values as they are stored, NULL as null (what <c>library copy</c> moves).</summary>
    public static object?[] Values(DbDataReader reader, int count)
    {
        var row = new object?[count];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return row;
    }

    /// <summary>A photo row selected with <see cref="PhotoColumns"/>.</summary>
    public static PhotoRecord Photo(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
        reader.IsDBNull(4) ? null : reader.GetString(4), (PhotoStatus)reader.GetInt32(5),
        reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));

    /// <summary>A run row selected with <see cref="RunColumns"/>.</summary>
    public static RunRecord Run(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Kind = reader.GetString(1),
        StartedAt = DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
        EndedAt = reader.IsDBNull(3) ? null : DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
        Status = reader.GetString(4),
        Version = reader.GetString(5),
        Profile = reader.GetString(6),
        FilesSeen = reader.GetInt32(7),
        FilesNew = reader.GetInt32(8),
        FilesChanged = reader.GetInt32(9),
        FilesUnchanged = reader.GetInt32(10),
        FilesFailed = reader.GetInt32(11),
        FilesMissing = reader.GetInt32(12),
        FacesAdded = reader.GetInt32(13),
        StageSeconds = JsonSerializer.Deserialize(reader.GetString(14), StageSecondsJson.Default.DictionaryStringDouble) ?? [],
    };
}
