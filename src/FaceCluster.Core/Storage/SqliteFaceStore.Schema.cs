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
        // AUTOINCREMENT: a re-done photo's new faces must never take the ids of deleted ones, or anything keyed by
        // face id (the HNSW index, a review UI) would silently mistake a new face for an old one. SQLite can only
        // add it by rebuilding the table; every id is copied, so people, rejections and merges stay as they were.
        """
        CREATE TABLE faces_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            profile TEXT NOT NULL,
            x REAL NOT NULL, y REAL NOT NULL, w REAL NOT NULL, h REAL NOT NULL,
            score REAL NOT NULL,
            quality REAL NOT NULL,
            landmarks BLOB NOT NULL,
            embedding BLOB NOT NULL,
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL
        );
        INSERT INTO faces_new (id, photo_id, profile, x, y, w, h, score, quality, landmarks, embedding, person_id)
            SELECT id, photo_id, profile, x, y, w, h, score, quality, landmarks, embedding, person_id FROM faces;
        DROP TABLE faces;
        ALTER TABLE faces_new RENAME TO faces;
        CREATE INDEX faces_photo ON faces(photo_id);
        CREATE INDEX faces_profile ON faces(profile, id);
        CREATE INDEX faces_person ON faces(person_id);
        """,
        // The user's "these two are different people" (from 'deny', after 'suggest'); stored once per pair, lower id first.
        """
        CREATE TABLE denials (
            person_a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            person_b INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            PRIMARY KEY (person_a, person_b),
            CHECK (person_a < person_b)
        );
        CREATE INDEX denials_b ON denials(person_b);
        """,
        // The review (facecluster serve): a person can be hidden, and every correction is logged so the latest can be
        // undone. The log is append-only: an undo is an entry of its own that names the entry it reverted. The index
        // on unassigned faces keeps the review queue's pages quick in a large library.
        """
        ALTER TABLE people ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            data TEXT NOT NULL,
            undoes INTEGER,
            created_at TEXT NOT NULL
        );
        CREATE INDEX corrections_undoes ON corrections(undoes);
        CREATE INDEX people_profile ON people(profile, merged_into);
        CREATE INDEX faces_profile_person ON faces(profile, person_id, id);
        """,
        // group --neighbours i/N: each shard's k-NN lists (one BLOB per face) and what they were computed for, so a
        // final group links from a complete, current set of shards instead of searching itself.
        """
        CREATE TABLE neighbour_shards (
            profile TEXT NOT NULL,
            shard INTEGER NOT NULL,
            shard_count INTEGER NOT NULL,
            faces_hash TEXT NOT NULL,
            k INTEGER NOT NULL,
            faces INTEGER NOT NULL,
            search TEXT NOT NULL,
            computed_at TEXT NOT NULL,
            PRIMARY KEY (profile, shard)
        );
        CREATE TABLE neighbour_lists (
            profile TEXT NOT NULL,
            shard INTEGER NOT NULL,
            face_id INTEGER NOT NULL,
            neighbours BLOB NOT NULL,
            PRIMARY KEY (profile, shard, face_id)
        ) WITHOUT ROWID;
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

        if (version == Migrations.Length)
        {
            return;
        }

        // A table rebuild drops a table other tables point at; with foreign keys on, that drop would cascade into the
        // rejections. The pragma is ignored inside a transaction, so it is switched around the migrations.
        Execute(_connection, "PRAGMA foreign_keys=OFF");
        try
        {
            for (; version < Migrations.Length; version++)
            {
                using var transaction = _connection.BeginTransaction();
                Execute(_connection, Migrations[version], transaction);
                Execute(_connection, $"PRAGMA user_version = {version + 1}", transaction);
                transaction.Commit();
            }
        }
        finally
        {
            Execute(_connection, "PRAGMA foreign_keys=ON");
        }
    }
}
