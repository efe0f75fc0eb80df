/// The SM-DP+ schema on PostgreSQL, built by named migrations (`PostgresMigrator`). Never edit a
/// migration that has shipped: add a new one.
///
/// The column conventions are `SQLiteSchema`'s, so both stores hold the same values:
/// - identifiers as text: ICCID as its 20-character EF.ICCID form (`ICCID.paddedDigits`), EID as
///   its 32 digits, TransactionID as upper-case hex, matchingId as received. Keys and the columns
///   the store sorts by use the "C" collation: byte order, as SQLite's and Swift's comparisons,
///   whatever the database's locale;
/// - bytes as BYTEA; dates as DOUBLE PRECISION seconds since 2001-01-01T00:00:00Z, which
///   round-trips a `Date` bit for bit;
/// - enums as their raw strings, `ProfileClass` as its integer, booleans as BOOLEAN;
/// - negotiated versions as text ("3.1.0"), feature lists as their integer bitmap;
/// - an operator's identifier lists as TEXT[].
enum PostgresSchema {
    static let migrations = [
        PostgresMigration(name: "smdp v1 profiles, orders, sessions, notifications, operators, function calls, callbacks, leases",
                          statements: v1),
        PostgresMigration(name: "smdp v5 profile templates, availability marker", statements: v5),
        PostgresMigration(name: "smdp v6 notifications by eid and seqNumber", statements: v6),
        PostgresMigration(name: "smdp v9 released orders by eid", statements: v9),
        PostgresMigration(name: "smdp v10 function calls and delivered callbacks by date", statements: v10),
        PostgresMigration(name: "smdp v11 profiles_allocation for DownloadOrder by type", statements: v11),
        PostgresMigration(name: "smdp v12 pending orders by expiry", statements: v12),
        PostgresMigration(name: "smdp v13 available profiles by type and owner", statements: v13),
    ]

    /// The shape SQLite's v1–v4 migrations reach, in one step. `orders_active_by_iccid` keeps one
    /// *active* (not cancelled) order per profile a schema rule, whoever writes; the foreign key
    /// refuses an order for an unknown profile.
    static let v1 = [
        """
        CREATE TABLE profiles (
            iccid TEXT COLLATE "C" PRIMARY KEY,
            profile_type TEXT COLLATE "C" NOT NULL,
            service_provider_name TEXT NOT NULL,
            profile_name TEXT NOT NULL,
            profile_class BIGINT NOT NULL,
            owner BYTEA,
            upp BYTEA NOT NULL,
            imported_at DOUBLE PRECISION NOT NULL
        )
        """,
        // DownloadOrder by profile type walks one type's profiles in ICCID order.
        "CREATE INDEX profiles_by_type ON profiles (profile_type, iccid)",
        """
        CREATE TABLE orders (
            matching_id TEXT COLLATE "C" PRIMARY KEY,
            iccid TEXT COLLATE "C" NOT NULL REFERENCES profiles (iccid) ON DELETE RESTRICT,
            eid TEXT,
            confirmation_code_hash BYTEA,
            confirmation_code_attempts_left BIGINT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT,
            downloaded_by TEXT,
            created_at DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION,
            operator_name TEXT,
            smds_address TEXT
        )
        """,
        "CREATE UNIQUE INDEX orders_active_by_iccid ON orders (iccid) WHERE state <> 'cancelled'",
        "CREATE INDEX orders_by_expiry ON orders (expires_at) WHERE expires_at IS NOT NULL",
        """
        CREATE TABLE sessions (
            transaction_id TEXT COLLATE "C" PRIMARY KEY,
            state TEXT NOT NULL,
            euicc_challenge BYTEA NOT NULL,
            server_challenge BYTEA NOT NULL,
            ci_pkid BYTEA NOT NULL,
            euicc_svn BYTEA NOT NULL,
            matching_id TEXT,
            eid TEXT,
            euicc_certificate BYTEA,
            smdp_signature2 BYTEA,
            cc_required BOOLEAN NOT NULL,
            euicc_otpk BYTEA,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            negotiated_version TEXT,
            negotiated_features BIGINT
        )
        """,
        // deleteExpiredSessions scans by expiry.
        "CREATE INDEX sessions_by_expiry ON sessions (expires_at)",
        """
        CREATE TABLE notifications (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            eid TEXT,
            iccid TEXT,
            seq_number BIGINT NOT NULL,
            event TEXT NOT NULL,
            transaction_id TEXT,
            payload BYTEA NOT NULL,
            received_at DOUBLE PRECISION NOT NULL
        )
        """,
        // notifications(eid:) lists one eUICC's notifications in arrival order.
        "CREATE INDEX notifications_by_eid ON notifications (eid, id)",
        """
        CREATE TABLE operators (
            name TEXT COLLATE "C" PRIMARY KEY,
            po_ids TEXT[] NOT NULL,
            profile_types TEXT[] NOT NULL,
            certificate_fingerprint BYTEA NOT NULL UNIQUE,
            callback_url TEXT,
            created_at DOUBLE PRECISION NOT NULL
        )
        """,
        """
        CREATE TABLE function_calls (
            requester TEXT COLLATE "C" NOT NULL,
            function TEXT COLLATE "C" NOT NULL,
            call_id TEXT COLLATE "C" NOT NULL,
            request_hash BYTEA NOT NULL,
            outcome BYTEA NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (requester, function, call_id)
        )
        """,
        """
        CREATE TABLE callbacks (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            operator_name TEXT NOT NULL,
            url TEXT NOT NULL,
            body BYTEA NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            next_attempt_at DOUBLE PRECISION NOT NULL,
            attempts BIGINT NOT NULL,
            last_error TEXT,
            delivered_at DOUBLE PRECISION
        )
        """,
        "CREATE INDEX callbacks_pending ON callbacks (id) WHERE delivered_at IS NULL",
        """
        CREATE TABLE leases (
            name TEXT COLLATE "C" PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL
        )
        """,
    ]

    /// Operator-scale inventory, as SQLite's v5: `profile_templates` holds a UPP many profiles
    /// share (they name it in `template_id`, their own `upp` empty); `profiles.available` (no
    /// active order) feeds the partial index DownloadOrder by type reads, kept right by triggers
    /// on `orders` inside the transaction that creates, cancels or revives an order. Every such
    /// change has locked the profile's row first, so the trigger's count sees the competitors.
    static let v5 = [
        """
        CREATE TABLE profile_templates (
            id TEXT COLLATE "C" PRIMARY KEY,
            upp BYTEA NOT NULL
        )
        """,
        """
        ALTER TABLE profiles ADD COLUMN template_id TEXT COLLATE "C" REFERENCES profile_templates (id) ON DELETE RESTRICT
        """,
        "ALTER TABLE profiles ADD COLUMN available BOOLEAN NOT NULL DEFAULT TRUE",
        """
        UPDATE profiles SET available = FALSE
        WHERE EXISTS (SELECT 1 FROM orders o WHERE o.iccid = profiles.iccid AND o.state <> 'cancelled')
        """,
        "CREATE INDEX profiles_available ON profiles (profile_type, iccid) WHERE available",
        """
        CREATE FUNCTION profiles_mark_availability() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            key TEXT COLLATE "C";
        BEGIN
            IF TG_OP = 'DELETE' THEN key := OLD.iccid; ELSE key := NEW.iccid; END IF;
            UPDATE profiles SET available = NOT EXISTS (
                SELECT 1 FROM orders o WHERE o.iccid = key AND o.state <> 'cancelled')
            WHERE iccid = key;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER orders_mark_unavailable AFTER INSERT ON orders FOR EACH ROW
        WHEN (NEW.state <> 'cancelled') EXECUTE FUNCTION profiles_mark_availability()
        """,
        """
        CREATE TRIGGER orders_mark_availability AFTER UPDATE OF state ON orders FOR EACH ROW
        WHEN ((OLD.state = 'cancelled') <> (NEW.state = 'cancelled')) EXECUTE FUNCTION profiles_mark_availability()
        """,
        """
        CREATE TRIGGER orders_mark_available_on_delete AFTER DELETE ON orders FOR EACH ROW
        WHEN (OLD.state <> 'cancelled') EXECUTE FUNCTION profiles_mark_availability()
        """,
    ]

    /// `notificationExists(eid:seqNumber:)`, on every HandleNotification, finds its row by key
    /// instead of reading the eUICC's whole history.
    static let v6 = [
        "CREATE INDEX notifications_by_eid_seq ON notifications (eid, seq_number)",
    ]

    /// `oldestReleasedOrder(eid:at:)`, on a download without a matchingId, reads that eUICC's
    /// released orders only (SQLite's v9).
    static let v9 = [
        "CREATE INDEX orders_released_by_eid ON orders (eid, created_at, matching_id) WHERE state = 'released'",
    ]

    /// The retention purge reads a range by date (SQLite's v10).
    static let v10 = [
        "CREATE INDEX function_calls_by_date ON function_calls (created_at)",
        "CREATE INDEX callbacks_delivered ON callbacks (delivered_at) WHERE delivered_at IS NOT NULL",
    ]

    /// DownloadOrder by type (`PostgresSMDPStore.allocationPage`) reads the first available profiles
    /// in ICCID order. With `profiles_available` on (profile_type, iccid), the primary key and
    /// `profiles_by_type` gave that order too, and which one the planner took depended on its
    /// statistics. Right after an import it had none, and sorted every available profile of the
    /// type for each call (48 ms at 100,000 profiles, `bench --inventory`); once they said "all
    /// available" it walked the primary key through the ordered profiles, which sit at the low end
    /// of the range. Ordering by the ICCID under the "POSIX" collation (byte order, like the
    /// column's "C", but another collation) matches this index alone, and the page's transaction
    /// turns sorting off, so the scan starts at the first available profile whatever the
    /// statistics say. (v13 puts the owner between type and ICCID; the ordering argument holds.)
    static let v11 = [
        #"CREATE INDEX profiles_allocation ON profiles (profile_type, iccid COLLATE "POSIX") WHERE available"#,
        "DROP INDEX profiles_available",
    ]

    /// The expiry sweep read `orders_by_expiry`, which held every order with an expiry, finished
    /// ones included (SQLite's v11 says more); this one holds only pending orders.
    static let v12 = [
        """
        CREATE INDEX orders_pending_by_expiry ON orders (expires_at, matching_id)
        WHERE expires_at IS NOT NULL AND state IN (\(ProfileLifecycleState.pendingSQLList))
        """,
        "DROP INDEX orders_by_expiry",
    ]

    /// The `mccMnc` of a profile's `owner` (SQLite's `ownerMccMnc` says how it is found in the
    /// DER). The index below and the allocation query use the very same expression: PostgreSQL
    /// matches an index expression only to an equal one. Shipped by v13: never edit it.
    static let ownerMccMnc = #"substring(owner from CASE WHEN substring(owner from 2 for 1) = '\x81'::bytea THEN 6 ELSE 5 END for 3)"#

    /// DownloadOrder by type read `profiles_allocation (profile_type, iccid)` and skipped every
    /// available profile of another owner with the same type name (SQLite's v12 says more).
    static let v13 = [
        #"CREATE INDEX profiles_owner_allocation ON profiles (profile_type, (\#(ownerMccMnc)), iccid COLLATE "POSIX") WHERE available"#,
        "DROP INDEX profiles_allocation",
    ]
}
