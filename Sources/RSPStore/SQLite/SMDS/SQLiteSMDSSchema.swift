import GRDB

/// The SM-DS database schema, in its own file (`smds.sqlite`) with its own migrations, separate
/// from the SM-DP+'s (an SM-DS and an SM-DP+ are different servers, SGP.22 §2.4). Column
/// conventions are the SM-DP+ schema's (`SQLiteSchema`): EID as 32 digits, TransactionID as
/// upper-case hex, bytes as BLOBs, dates as REAL seconds since 2001-01-01.
enum SQLiteSMDSSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 smds events, sessions", migrate: createTables)
        migrator.registerMigration("v2 smds sessions: negotiated SGP.22 version and features", migrate: addNegotiatedVersion)
        migrator.registerMigration("v3 smds events and sessions by expiry", migrate: indexByExpiry)
        return migrator
    }

    /// `SMDS.purgeExpired`, which `serve` runs every minute, deletes by `expires_at`: a range of
    /// these indexes instead of a walk over every event and session (PostgreSQL's v1 has them).
    static func indexByExpiry(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX events_by_expiry ON events(expires_at);
            CREATE INDEX smds_sessions_by_expiry ON smds_sessions(expires_at);
            """)
    }

    /// Version negotiation (`VersionNegotiation`): the version ("3.1.0") and features (INTEGER
    /// bitmap) a session agreed on. Nullable: sessions stored before keep NULL (they ran at v2).
    /// Never edit a migration that has shipped: add a new one.
    static func addNegotiatedVersion(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE smds_sessions ADD COLUMN negotiated_version TEXT;
            ALTER TABLE smds_sessions ADD COLUMN negotiated_features INTEGER;
            """)
    }

    /// `events.event_id` is the primary key: an eventId names one event for the whole SM-DS
    /// (§5.9.1), so two concurrent registrations of one eventId cannot both succeed.
    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE events (
                event_id TEXT PRIMARY KEY NOT NULL,
                eid TEXT NOT NULL,
                rsp_server_address TEXT NOT NULL,
                registered_by TEXT NOT NULL,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL
            );
            CREATE INDEX events_by_eid ON events(eid, expires_at);

            CREATE TABLE smds_sessions (
                transaction_id TEXT PRIMARY KEY NOT NULL,
                state TEXT NOT NULL,
                euicc_challenge BLOB NOT NULL,
                server_challenge BLOB NOT NULL,
                ci_pkid BLOB NOT NULL,
                euicc_svn BLOB NOT NULL,
                eid TEXT,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL
            );
            """)
    }
}
