using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore
{
    /// <summary>
    /// Migrations in order; entry i takes the schema from version i to i + 1 (PRAGMA user_version). Never edit a
    /// shipped entry: add a new one, so every older library upgrades the same way.
    /// </summary>
    internal static readonly string[] Migrations =
    [
        """
        CREATE TABLE photos (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            mtime_ms INTEGER NOT NULL,
            content_hash TEXT,
            width INTEGER NOT NULL DEFAULT 0,
            height INTEGER NOT NULL DEFAULT 0,
            status INTEGER NOT NULL,
            error TEXT,
            profile TEXT,
            face_count INTEGER NOT NULL DEFAULT 0,
            run_id INTEGER,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE faces (
            id INTEGER PRIMARY KEY,
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            profile TEXT NOT NULL,
            x REAL NOT NULL, y REAL NOT NULL, w REAL NOT NULL, h REAL NOT NULL,
            score REAL NOT NULL,
            quality REAL NOT NULL,
            landmarks BLOB NOT NULL,
            embedding BLOB NOT NULL
        );
        CREATE INDEX faces_photo ON faces(photo_id);
        CREATE INDEX faces_profile ON faces(profile, id);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL,
            version TEXT NOT NULL,
            profile TEXT NOT NULL,
            files_seen INTEGER NOT NULL DEFAULT 0,
            files_new INTEGER NOT NULL DEFAULT 0,
            files_changed INTEGER NOT NULL DEFAULT 0,
            files_unchanged INTEGER NOT NULL DEFAULT 0,
            files_failed INTEGER NOT NULL DEFAULT 0,
            files_missing INTEGER NOT NULL DEFAULT 0,
            faces_added INTEGER NOT NULL DEFAULT 0,
            stage_seconds TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            profile TEXT NOT NULL,
            name TEXT,
            merged_into INTEGER REFERENCES people(id),
            created_at TEXT NOT NULL
        );
        ALTER TABLE faces ADD COLUMN person_id INTEGER REFERENCES people(id) ON DELETE SET NULL;
        CREATE INDEX faces_person ON faces(person_id);
        CREATE TABLE rejections (
            face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            PRIMARY KEY (face_id, person_id)
        );
        """,
    ];

    public static int CurrentSchemaVersion => Migrations.Length;

    public int SchemaVersion => Scalar<int>("PRAGMA user_version");

    private void Migrate()
    {
        var version = SchemaVersion;
        if (version > Migrations.Length)
        {
            throw new StoreException(
                $"{DatabasePath} has schema version {version}, newer than this FaceCluster understands ({Migrations.Length}); upgrade FaceCluster.");
        }

        for (; version < Migrations.Length; version++)
        {
            using var transaction = _connection.BeginTransaction();
            Execute(_connection, Migrations[version], transaction);
            Execute(_connection, $"PRAGMA user_version = {version + 1}", transaction);
            transaction.Commit();
        }
    }
}
