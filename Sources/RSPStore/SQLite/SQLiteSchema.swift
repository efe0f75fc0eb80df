import GRDB

/// The SM-DP+ database schema, built by named migrations so an existing file is upgraded in
/// place and never rebuilt. Never edit a migration that has shipped: add a new one.
///
/// Column conventions (one rule per kind of value, used by every table):
/// - identifiers as text: ICCID as its 20-character EF.ICCID form with 'F' padding
///   (`ICCID.paddedDigits`, lossless for any 10-byte ICCID), EID as its 32 digits,
///   TransactionID as upper-case hex, matchingId as received;
/// - bytes (UPP, challenges, certificates, signatures, hashes, OperatorID DER) as BLOBs;
/// - dates as REAL seconds since 2001-01-01T00:00:00Z (Foundation's reference date), which
///   round-trips a `Date` bit for bit, so a record reads back equal to what was written;
/// - enums (`ProfileLifecycleState`, `SessionState`) as their raw strings, `ProfileClass` as its
///   ASN.1 integer value, booleans as 0/1;
/// - SGP.22 versions chosen by negotiation as text ("3.1.0"), feature lists (`RSPFeatures`) as
///   their INTEGER bitmap.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 profiles, orders, sessions, notifications", migrate: createTables)
        migrator.registerMigration("v2 ES2+ order life cycle, operators, function calls, callback outbox", migrate: addOperatorSide)
        migrator.registerMigration("v3 sessions: negotiated SGP.22 version and features", migrate: addNegotiatedVersion)
        migrator.registerMigration("v4 leases", migrate: addLeases)
        migrator.registerMigration("v5 profile templates, availability marker", migrate: addTemplatesAndAvailability)
        migrator.registerMigration("v6 notifications by eid and seqNumber", migrate: indexNotificationsBySeqNumber)
        migrator.registerMigration("v7 notifications: one index by eid", migrate: dropNotificationsByEIDAndId)
        migrator.registerMigration("v8 profiles: package stored last", migrate: storePackageLast)
        migrator.registerMigration("v9 released orders by eid", migrate: indexReleasedOrdersByEID)
        migrator.registerMigration("v10 function calls and delivered callbacks by date", migrate: indexHistoryByDate)
        migrator.registerMigration("v11 pending orders by expiry", migrate: indexPendingOrdersByExpiry)
        migrator.registerMigration("v12 available profiles by type and owner", migrate: indexAvailableProfilesByOwner)
        return migrator
    }

    /// Operator-scale inventory. `profile_templates` holds a UPP shared by many profiles once;
    /// such profiles name it in `template_id` and keep an empty `upp`.
    ///
    /// `profiles.available` (1 = no active order) lets DownloadOrder by type read the first free
    /// profile from the partial index `profiles_available` (v12: `profiles_owner_allocation`)
    /// instead of skipping every ordered one. Triggers on `orders` keep it right in the very
    /// transaction that creates, cancels or revives an order, whichever store method (or other
    /// writer) does it.
    static func addTemplatesAndAvailability(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE profile_templates (
                id TEXT PRIMARY KEY NOT NULL,
                upp BLOB NOT NULL
            );
            ALTER TABLE profiles ADD COLUMN template_id TEXT REFERENCES profile_templates(id) ON DELETE RESTRICT;
            ALTER TABLE profiles ADD COLUMN available INTEGER NOT NULL DEFAULT 1;
            UPDATE profiles SET available = 0
                WHERE EXISTS (SELECT 1 FROM orders o WHERE o.iccid = profiles.iccid AND o.state <> 'cancelled');
            CREATE INDEX profiles_available ON profiles(profile_type, iccid) WHERE available = 1;
            """)
        try db.execute(sql: availabilityTriggers)
    }

    /// The triggers on `orders` that keep `profiles.available` right (see `addTemplatesAndAvailability`).
    /// Shipped by v5 and created again by v8's table rebuild: never edit it, add a migration instead.
    static let availabilityTriggers = """
        CREATE TRIGGER orders_mark_unavailable AFTER INSERT ON orders WHEN NEW.state <> 'cancelled'
        BEGIN
            UPDATE profiles SET available = 0 WHERE iccid = NEW.iccid;
        END;
        CREATE TRIGGER orders_mark_availability AFTER UPDATE OF state ON orders
        WHEN (OLD.state = 'cancelled') <> (NEW.state = 'cancelled')
        BEGIN
            UPDATE profiles SET available = NOT EXISTS (
                SELECT 1 FROM orders o WHERE o.iccid = NEW.iccid AND o.state <> 'cancelled')
            WHERE iccid = NEW.iccid;
        END;
        CREATE TRIGGER orders_mark_available_on_delete AFTER DELETE ON orders WHEN OLD.state <> 'cancelled'
        BEGIN
            UPDATE profiles SET available = 1 WHERE iccid = OLD.iccid;
        END;
        """

    /// Leases (`SMDPStore.acquireLease`): work one server does for all, such as delivering the
    /// callback outbox, held by one holder until `expires_at`.
    static func addLeases(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE leases (
                name TEXT PRIMARY KEY NOT NULL,
                holder TEXT NOT NULL,
                expires_at REAL NOT NULL
            );
            """)
    }

    /// Version negotiation (`VersionNegotiation`): the version and features a session agreed on.
    /// Nullable: sessions stored before keep NULL (they ran at their euicc_svn, a v2 version).
    static func addNegotiatedVersion(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE sessions ADD COLUMN negotiated_version TEXT;
            ALTER TABLE sessions ADD COLUMN negotiated_features INTEGER;
            """)
    }

    /// ES2+ (SGP.22 §5.3). A cancelled order stays as history, so `orders.iccid` is no longer
    /// UNIQUE: a partial unique index keeps "one *active* order per profile" a schema rule. The
    /// orders table is rebuilt (SQLite cannot drop a constraint) with its rows copied unchanged.
    static func addOperatorSide(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE orders_v2 (
                matching_id TEXT PRIMARY KEY NOT NULL,
                iccid TEXT NOT NULL REFERENCES profiles(iccid) ON DELETE RESTRICT,
                eid TEXT,
                confirmation_code_hash BLOB,
                confirmation_code_attempts_left INTEGER NOT NULL,
                state TEXT NOT NULL,
                reason TEXT,
                downloaded_by TEXT,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL,
                expires_at REAL,
                operator_name TEXT,
                smds_address TEXT
            );
            INSERT INTO orders_v2 (matching_id, iccid, eid, confirmation_code_hash, confirmation_code_attempts_left,
                                   state, reason, downloaded_by, created_at, updated_at, expires_at)
                SELECT matching_id, iccid, eid, confirmation_code_hash, confirmation_code_attempts_left,
                       state, reason, downloaded_by, created_at, updated_at, expires_at FROM orders;
            DROP TABLE orders;
            ALTER TABLE orders_v2 RENAME TO orders;
            CREATE UNIQUE INDEX orders_active_by_iccid ON orders(iccid) WHERE state <> 'cancelled';
            CREATE INDEX orders_by_expiry ON orders(expires_at) WHERE expires_at IS NOT NULL;
            -- DownloadOrder by profile type walks one type's profiles in ICCID order.
            CREATE INDEX profiles_by_type ON profiles(profile_type, iccid);

            CREATE TABLE operators (
                name TEXT PRIMARY KEY NOT NULL,
                po_ids TEXT NOT NULL,
                profile_types TEXT NOT NULL,
                certificate_fingerprint BLOB NOT NULL UNIQUE,
                callback_url TEXT,
                created_at REAL NOT NULL
            );

            CREATE TABLE function_calls (
                requester TEXT NOT NULL,
                function TEXT NOT NULL,
                call_id TEXT NOT NULL,
                request_hash BLOB NOT NULL,
                outcome BLOB NOT NULL,
                created_at REAL NOT NULL,
                PRIMARY KEY (requester, function, call_id)
            );

            CREATE TABLE callbacks (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                operator_name TEXT NOT NULL,
                url TEXT NOT NULL,
                body BLOB NOT NULL,
                created_at REAL NOT NULL,
                next_attempt_at REAL NOT NULL,
                attempts INTEGER NOT NULL,
                last_error TEXT,
                delivered_at REAL
            );
            CREATE INDEX callbacks_pending ON callbacks(id) WHERE delivered_at IS NULL;
            """)
    }

    /// The first schema. `orders.iccid` is UNIQUE so that a profile has at most one order even
    /// when two operators' ES2+ calls (or two server processes) race (SGP.22 §3.1.1: one order
    /// per profile); the foreign key refuses an order for an unknown profile.
    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE profiles (
                iccid TEXT PRIMARY KEY NOT NULL,
                profile_type TEXT NOT NULL,
                service_provider_name TEXT NOT NULL,
                profile_name TEXT NOT NULL,
                profile_class INTEGER NOT NULL,
                owner BLOB,
                upp BLOB NOT NULL,
                imported_at REAL NOT NULL
            );

            CREATE TABLE orders (
                matching_id TEXT PRIMARY KEY NOT NULL,
                iccid TEXT NOT NULL UNIQUE REFERENCES profiles(iccid) ON DELETE RESTRICT,
                eid TEXT,
                confirmation_code_hash BLOB,
                confirmation_code_attempts_left INTEGER NOT NULL,
                state TEXT NOT NULL,
                reason TEXT,
                downloaded_by TEXT,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL,
                expires_at REAL
            );

            CREATE TABLE sessions (
                transaction_id TEXT PRIMARY KEY NOT NULL,
                state TEXT NOT NULL,
                euicc_challenge BLOB NOT NULL,
                server_challenge BLOB NOT NULL,
                ci_pkid BLOB NOT NULL,
                euicc_svn BLOB NOT NULL,
                matching_id TEXT,
                eid TEXT,
                euicc_certificate BLOB,
                smdp_signature2 BLOB,
                cc_required INTEGER NOT NULL,
                euicc_otpk BLOB,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL
            );
            -- deleteExpiredSessions scans by expiry.
            CREATE INDEX sessions_by_expiry ON sessions(expires_at);

            CREATE TABLE notifications (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                eid TEXT,
                iccid TEXT,
                seq_number INTEGER NOT NULL,
                event TEXT NOT NULL,
                transaction_id TEXT,
                payload BLOB NOT NULL,
                received_at REAL NOT NULL
            );
            -- notifications(eid:) lists one eUICC's notifications in arrival order.
            CREATE INDEX notifications_by_eid ON notifications(eid, id);
            """)
    }

    /// `notificationExists(eid:seqNumber:)`, on every HandleNotification, finds its row by key
    /// instead of reading the eUICC's whole history.
    static func indexNotificationsBySeqNumber(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX notifications_by_eid_seq ON notifications(eid, seq_number)")
    }

    /// Every HandleNotification wrote a page of both `notifications_by_eid (eid, id)` and
    /// `notifications_by_eid_seq (eid, seq_number)` to the WAL (1.1 frames of 11.3 per download,
    /// each). One eUICC's history is found as well through the second; listing it in arrival
    /// order then sorts that eUICC's rows by id, a few rows, off the download path.
    static func dropNotificationsByEIDAndId(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX notifications_by_eid")
    }

    /// `profiles` rebuilt with `upp` as its last column; rows, indexes and triggers as before.
    ///
    /// SQLite stores a row's columns in order, and a package of more than a page continues on
    /// overflow pages. `imported_at`, `template_id` and `available` came after `upp` (the last two
    /// added by v5), so every read of a profile row with its own package walked the package's
    /// overflow chain to reach them, even a session snapshot that leaves the package out (measured
    /// over 3000 in-process downloads: 26.7 preads per download before, 23.2 after). A copy of
    /// the table is the only way to reorder columns in SQLite; on a store of a million template
    /// profiles it runs once, when the upgraded server first opens the file. Foreign keys are off while a migration runs (GRDB's
    /// deferred checks), so `orders`' references to `profiles` survive the drop and the rename,
    /// and are checked when it ends.
    static func storePackageLast(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER orders_mark_unavailable;
            DROP TRIGGER orders_mark_availability;
            DROP TRIGGER orders_mark_available_on_delete;
            CREATE TABLE profiles_v8 (
                iccid TEXT PRIMARY KEY NOT NULL,
                profile_type TEXT NOT NULL,
                service_provider_name TEXT NOT NULL,
                profile_name TEXT NOT NULL,
                profile_class INTEGER NOT NULL,
                owner BLOB,
                imported_at REAL NOT NULL,
                template_id TEXT REFERENCES profile_templates(id) ON DELETE RESTRICT,
                available INTEGER NOT NULL DEFAULT 1,
                upp BLOB NOT NULL
            );
            INSERT INTO profiles_v8 (iccid, profile_type, service_provider_name, profile_name, profile_class, owner,
                                     imported_at, template_id, available, upp)
                SELECT iccid, profile_type, service_provider_name, profile_name, profile_class, owner,
                       imported_at, template_id, available, upp FROM profiles;
            DROP TABLE profiles;
            ALTER TABLE profiles_v8 RENAME TO profiles;
            CREATE INDEX profiles_by_type ON profiles(profile_type, iccid);
            CREATE INDEX profiles_available ON profiles(profile_type, iccid) WHERE available = 1;
            """)
        try db.execute(sql: availabilityTriggers)
    }

    /// A download without a matchingId serves the oldest released order for the eUICC's EID
    /// (`oldestReleasedOrder`); before this index that read every order. Partial: only orders
    /// waiting for their download are in it, a few rows per eUICC however many were ever placed.
    static func indexReleasedOrdersByEID(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX orders_released_by_eid ON orders(eid, created_at, matching_id) WHERE state = 'released'")
    }

    /// The retention purge (`deleteFunctionCalls`, `deleteDeliveredCallbacks`) reads a range by
    /// date instead of every row. Delivered callbacks only: the pending ones have their own index.
    static func indexHistoryByDate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX function_calls_by_date ON function_calls(created_at);
            CREATE INDEX callbacks_delivered ON callbacks(delivered_at) WHERE delivered_at IS NOT NULL;
            """)
    }

    /// The expiry sweep (`expiredOrders`, every minute under `serve --order-lifetime-days`) read
    /// `orders_by_expiry`, which held every order with an expiry: downloaded, failed and
    /// cancelled ones too, kept for good. Every sweep stepped over all of those whose date had
    /// passed to find the few still pending. This index holds only pending orders.
    static func indexPendingOrdersByExpiry(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX orders_pending_by_expiry ON orders(expires_at, matching_id)
                WHERE expires_at IS NOT NULL AND state IN (\(ProfileLifecycleState.pendingSQLList));
            DROP INDEX orders_by_expiry;
            """)
    }

    /// The `mccMnc` of a profile's `owner`: the content of the DER OperatorID's first element,
    /// after '30 LL 80 03' (or '30 81 LL 80 03' when its optional gids make it 128 bytes or more).
    /// Used by the index below and by the allocation query alike: SQLite uses an index on an
    /// expression only for the same expression. Shipped by v12: never edit it, add a migration.
    static let ownerMccMnc = "substr(owner, CASE substr(owner, 2, 1) WHEN x'81' THEN 6 ELSE 5 END, 3)"

    /// DownloadOrder by profile type (`insertOrder(forProfileType:owners:…)`) walked
    /// `profiles_available (profile_type, iccid)` and skipped every profile of another owner with
    /// the same type name: with another operator's 100,000 available profiles before its own,
    /// each order took 0.4 s (`bench --inventory`). This index starts at the owner's first.
    static func indexAvailableProfilesByOwner(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX profiles_owner_allocation ON profiles(profile_type, \(ownerMccMnc), iccid) WHERE available = 1;
            DROP INDEX profiles_available;
            """)
    }
}
