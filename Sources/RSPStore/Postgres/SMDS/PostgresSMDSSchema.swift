/// The SM-DS schema on PostgreSQL. An SM-DS and an SM-DP+ are different servers (SGP.22 §2.4)
/// but scale-out nodes share one database, so the SM-DS tables carry an `smds_` prefix and their
/// own migrations. Column conventions are `PostgresSchema`'s.
enum PostgresSMDSSchema {
    static let migrations = [
        PostgresMigration(name: "smds v1 events, sessions", statements: v1),
    ]

    /// `smds_events.event_id` is the primary key: an eventId names one event for the whole SM-DS
    /// (§5.9.1), so two concurrent registrations of one eventId cannot both succeed.
    static let v1 = [
        """
        CREATE TABLE smds_events (
            event_id TEXT COLLATE "C" PRIMARY KEY,
            eid TEXT NOT NULL,
            rsp_server_address TEXT NOT NULL,
            registered_by TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL
        )
        """,
        // ES11 lists one eUICC's live events; the purge scans by expiry.
        "CREATE INDEX smds_events_by_eid ON smds_events (eid, expires_at)",
        "CREATE INDEX smds_events_by_expiry ON smds_events (expires_at)",
        """
        CREATE TABLE smds_sessions (
            transaction_id TEXT COLLATE "C" PRIMARY KEY,
            state TEXT NOT NULL,
            euicc_challenge BYTEA NOT NULL,
            server_challenge BYTEA NOT NULL,
            ci_pkid BYTEA NOT NULL,
            euicc_svn BYTEA NOT NULL,
            eid TEXT,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            negotiated_version TEXT,
            negotiated_features BIGINT
        )
        """,
        "CREATE INDEX smds_sessions_by_expiry ON smds_sessions (expires_at)",
    ]
}
