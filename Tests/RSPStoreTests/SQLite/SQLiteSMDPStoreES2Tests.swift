import Foundation
import GRDB
import RSPCore
@testable import RSPStore
import Testing

/// What the ES2+ schema (migration v2) must get right on a real file: upgrading a database the
/// first release created, durability of the new tables, and allocation racing across processes.
@Suite("SQLiteSMDPStore: ES2+ schema")
struct SQLiteSMDPStoreES2Tests {
    /// The first migration's name and DDL exactly as the first release shipped them
    /// (`SQLiteSchema.createTables`), frozen here: the upgrade must work from this, whatever
    /// the current code's copy becomes.
    static let v1Name = "v1 profiles, orders, sessions, notifications"
    static let v1DDL = """
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
        """

    /// Writes a v1 database at `path` with the rows the first release would have written.
    static func makeV1Database(at path: String, profiles: [ProfileRecord], orders: [OrderRecord],
                               sessions: [SessionRecord], notifications: [NotificationRecord]) throws {
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration(v1Name) { db in try db.execute(sql: v1DDL) }
        try migrator.migrate(queue)
        try queue.write { db in
            for p in profiles {
                try db.execute(sql: """
                    INSERT INTO profiles (iccid, profile_type, service_provider_name, profile_name, profile_class, owner, upp, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [p.iccid.paddedDigits, p.profileType, p.serviceProviderName, p.profileName,
                                     p.profileClass.rawValue, try p.owner.map { Data(try $0.derEncoded()) }, Data(p.upp),
                                     p.importedAt.timeIntervalSinceReferenceDate])
            }
            for o in orders {
                try db.execute(sql: """
                    INSERT INTO orders (matching_id, iccid, eid, confirmation_code_hash, confirmation_code_attempts_left,
                                        state, reason, downloaded_by, created_at, updated_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [o.matchingId, o.iccid.paddedDigits, o.eid?.digits, o.confirmationCodeHash.map { Data($0) },
                                     o.confirmationCodeAttemptsLeft, o.state.rawValue, o.reason, o.downloadedBy?.digits,
                                     o.createdAt.timeIntervalSinceReferenceDate, o.updatedAt.timeIntervalSinceReferenceDate,
                                     o.expiresAt?.timeIntervalSinceReferenceDate])
            }
            for s in sessions {
                try db.execute(sql: """
                    INSERT INTO sessions (transaction_id, state, euicc_challenge, server_challenge, ci_pkid, euicc_svn,
                                          matching_id, eid, euicc_certificate, smdp_signature2, cc_required, euicc_otpk,
                                          created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [s.transactionId.hex, s.state.rawValue, Data(s.euiccChallenge), Data(s.serverChallenge),
                                     Data(s.ciPKId), Data(s.euiccSVN), s.matchingId, s.eid?.digits,
                                     s.euiccCertificate.map { Data($0) }, s.smdpSignature2.map { Data($0) }, s.ccRequired,
                                     s.euiccOtpk.map { Data($0) }, s.createdAt.timeIntervalSinceReferenceDate,
                                     s.expiresAt.timeIntervalSinceReferenceDate])
            }
            for n in notifications {
                try db.execute(sql: """
                    INSERT INTO notifications (eid, iccid, seq_number, event, transaction_id, payload, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [n.eid?.digits, n.iccid?.paddedDigits, n.seqNumber, n.event, n.transactionId?.hex,
                                     Data(n.payload), n.receivedAt.timeIntervalSinceReferenceDate])
            }
        }
        try queue.close()
    }

    static func schema(of path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master
                WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY type, name
                """)
        }
    }

    @Test("a v1 database is upgraded in place: its rows read back identical and the ES2+ features work on it")
    func upgradeFromV1() async throws {
        try await TemporaryDirectory.with { directory in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path
            let ordered = try Fixtures.profile(try Fixtures.iccid(1), owner: try Fixtures.owner())
            let free = try Fixtures.profile(try Fixtures.shortICCID(2))
            var order = Fixtures.order("V1-ORDER", for: ordered.iccid, eid: try Fixtures.eid(42))
            order.downloadedBy = try Fixtures.eid(42)
            order.state = .downloaded
            order.reason = "first attempt failed"
            let session = Fixtures.authenticatedSession(try Fixtures.transactionId(1), matchingId: "V1-ORDER",
                                                        eid: try Fixtures.eid(42))
            let notification = Fixtures.notification(eid: try Fixtures.eid(42), iccid: ordered.iccid, seq: 1,
                                                     transactionId: session.transactionId)
            try Self.makeV1Database(at: path, profiles: [ordered, free], orders: [order], sessions: [session],
                                    notifications: [notification])

            let store = try SQLiteSMDPStore(path: path)
            // The v1 rows, identical (the new order columns are empty).
            #expect(try await store.profile(iccid: ordered.iccid) == ordered)
            #expect(try await store.profile(iccid: free.iccid) == free)
            #expect(try await store.order(matchingId: "V1-ORDER") == order)
            #expect(try await store.activeOrder(iccid: ordered.iccid) == order)
            #expect(try await store.session(transactionId: session.transactionId) == session)
            #expect(try await store.notifications(eid: nil) == [notification])
            // The 19-digit ICCID sorts first.
            #expect(try await store.inventory().map(\.order) == [nil, order])
            #expect(try await store.profileTypeExists(Fixtures.profileType))

            // What v1's UNIQUE(iccid) forbade: a cancelled order as history, and a new order on the profile.
            await #expect(throws: StoreError.conflict("profile \(ordered.iccid) already has an order")) {
                try await store.insertOrder(Fixtures.order("V2-ORDER", for: ordered.iccid))
            }
            try await store.updateOrder(iccid: ordered.iccid, now: Fixtures.date(10)) { $0.state = .cancelled }
            let target = ordered.iccid
            let allocated = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: { $0.iccid == target }) {
                profile in
                Fixtures.order("DL-\(profile.iccid.digits)", for: profile.iccid, state: .allocated,
                               expiresAt: Fixtures.date(100))
            }
            #expect(allocated?.iccid == ordered.iccid)
            #expect(try await store.activeOrder(iccid: ordered.iccid) == allocated)
            #expect(try await store.order(matchingId: "V1-ORDER")?.state == .cancelled)
            #expect(try await store.expiredOrders(at: Fixtures.date(100), limit: 10) == [allocated].compactMap { $0 })
            try await store.updateOrder(iccid: ordered.iccid, now: Fixtures.date(11)) { $0.matchingId = "CONFIRMED" }
            #expect(try await store.order(matchingId: "CONFIRMED")?.iccid == ordered.iccid)
            // The session of the v1 order still finds it (cancelled) by its matchingId.
            try await store.updateSession(transactionId: session.transactionId, matchingId: nil, now: Fixtures.date(12)) {
                session, order in
                #expect(order?.state == .cancelled)
                session.state = .cancelled
            }

            let operatorA = Fixtures.operatorRecord("Operator A", fingerprint: 0x01)
            try await store.insertOperator(operatorA)
            #expect(try await store.operatorRecord(certificateFingerprint: operatorA.certificateFingerprint) == operatorA)
            let call = Fixtures.functionCall("Operator A", "downloadOrder", "1", outcome: 1)
            #expect(try await store.recordFunctionCall(call) == call)
            let callback = try await store.enqueueCallback(Fixtures.callback(1))
            #expect(try await store.pendingCallbacks(limit: 10) == [callback])
            try store.close()

            // The upgraded schema is the one a new database gets.
            let fresh = directory.appendingPathComponent("fresh.sqlite").path
            try SQLiteSMDPStore(path: fresh).close()
            #expect(try Self.schema(of: path) == (try Self.schema(of: fresh)))
            let migrations = try DatabaseQueue(path: path)
            let applied = try await migrations.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            }
            try migrations.close()
            #expect(applied.count == SQLiteSchema.migrator.migrations.count)
            #expect(applied.first == Self.v1Name)
        }
    }

    @Test("the schema itself refuses a second active order, whoever writes the file")
    func schemaRefusesSecondActiveOrder() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            let iccid = try Fixtures.iccid(1)
            try await store.insertProfile(try Fixtures.profile(iccid))
            try await store.insertOrder(Fixtures.order("M-1", for: iccid))
            try store.close()
            let raw = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path)
            let insert = """
                INSERT INTO orders (matching_id, iccid, confirmation_code_attempts_left, state, created_at, updated_at)
                VALUES (?, ?, 0, ?, 0, 0)
                """
            await #expect(throws: DatabaseError.self) {
                try await raw.write { db in try db.execute(sql: insert, arguments: ["M-2", iccid.paddedDigits, "released"]) }
            }
            // A cancelled one is history: allowed.
            try await raw.write { db in try db.execute(sql: insert, arguments: ["M-0", iccid.paddedDigits, "cancelled"]) }
            try raw.close()
        }
    }

    @Test("operators, function calls and the callback outbox survive closing and reopening the file")
    func es2DataSurvivesReopen() async throws {
        try await TemporaryDirectory.with { directory in
            let operatorA = Fixtures.operatorRecord("Operator A", fingerprint: 0x01)
            let operatorB = Fixtures.operatorRecord("Operator B", fingerprint: 0x02, callbackURL: nil)
            let call = Fixtures.functionCall("Operator A", "confirmOrder", "42", outcome: 9)
            let iccid = try Fixtures.iccid(1)
            let order = Fixtures.order("M-1", for: iccid, state: .confirmed, expiresAt: Fixtures.date(50))

            let (queued, lastId): ([CallbackRecord], Int64) = try await {
                let store = try SQLiteSMDPStore(dataDirectory: directory)
                try await store.insertOperator(operatorA)
                try await store.insertOperator(operatorB)
                _ = try await store.recordFunctionCall(call)
                try await store.insertProfile(try Fixtures.profile(iccid))
                try await store.insertOrder(order)
                var queued: [CallbackRecord] = []
                for n in 1...3 { queued.append(try await store.enqueueCallback(Fixtures.callback(n))) }
                try await store.markCallbackDelivered(id: queued[1].id, at: Fixtures.date(60))
                // The newest callback is delivered: ids must not be reused after a reopen.
                let last = try await store.enqueueCallback(Fixtures.callback(4))
                try await store.markCallbackDelivered(id: last.id, at: Fixtures.date(61))
                try await store.rescheduleCallback(id: queued[0].id, attempts: 2, nextAttemptAt: Fixtures.date(70),
                                                   lastError: "connection refused")
                queued[0].attempts = 2
                queued[0].nextAttemptAt = Fixtures.date(70)
                queued[0].lastError = "connection refused"
                try store.close()
                return ([queued[0], queued[2]], last.id)
            }()

            let reopened = try SQLiteSMDPStore(dataDirectory: directory)
            #expect(try await reopened.operators() == [operatorA, operatorB])
            #expect(try await reopened.operatorRecord(certificateFingerprint: operatorB.certificateFingerprint) == operatorB)
            #expect(try await reopened.functionCall(requester: "Operator A", function: "confirmOrder", callId: "42") == call)
            #expect(try await reopened.recordFunctionCall(Fixtures.functionCall("Operator A", "confirmOrder", "42", outcome: 1))
                == call)
            #expect(try await reopened.pendingCallbacks(limit: 10) == queued)
            #expect(try await reopened.activeOrder(iccid: iccid) == order)
            #expect(try await reopened.expiredOrders(at: Fixtures.date(50), limit: 1) == [order])
            let next = try await reopened.enqueueCallback(Fixtures.callback(5))
            #expect(next.id > lastId)
            await #expect(throws: StoreError.duplicate("operator Operator A")) {
                try await reopened.insertOperator(operatorA)
            }
            try reopened.close()
        }
    }

    @Test("50 concurrent allocations of a type with 10 free profiles, from two connections: 10 orders on 10 profiles, 40 nils")
    func concurrentAllocation() async throws {
        try await TemporaryDirectory.with { directory in
            let stores = [try SQLiteSMDPStore(dataDirectory: directory), try SQLiteSMDPStore(dataDirectory: directory)]
            var free: Set<ICCID> = []
            for n in 1...10 {
                let iccid = try Fixtures.iccid(n * 7)
                free.insert(iccid)
                try await stores[n % 2].insertProfile(try Fixtures.profile(iccid, profileType: "RACE"))
            }
            for n in 1...3 {
                try await stores[0].insertProfile(try Fixtures.profile(try Fixtures.iccid(1_000 + n), profileType: "OTHER"))
            }

            let outcomes = await withTaskGroup(of: Result<OrderRecord?, any Error>.self) { group in
                for index in 0..<50 {
                    let store = stores[index % 2]
                    group.addTask {
                        do {
                            return .success(try await store.insertOrder(
                                forProfileType: "RACE", owners: Fixtures.owners, accept: { _ in true }) {
                                profile in
                                Fixtures.order("RACE-\(index)", for: profile.iccid, state: .allocated,
                                               expiresAt: Fixtures.date(Double(index)))
                            })
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var outcomes: [Result<OrderRecord?, any Error>] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let errors = outcomes.compactMap { outcome -> String? in
                if case .failure(let error) = outcome { return "\(error)" }
                return nil
            }
            let results = outcomes.compactMap { outcome -> OrderRecord?? in
                if case .success(let order) = outcome { return .some(order) }
                return nil
            }
            let orders = results.compactMap { $0 }
            #expect(errors.isEmpty, "errors: \(errors)")
            #expect(results.count == 50)
            #expect(orders.count == 10)
            #expect(results.count - orders.count == 40)
            #expect(Set(orders.map(\.iccid)) == free)
            #expect(Set(orders.map(\.matchingId)).count == 10)

            let inventory = try await stores[1].inventory()
            #expect(inventory.filter { $0.profile.profileType == "RACE" }.allSatisfy { $0.state == .allocated })
            #expect(inventory.filter { $0.profile.profileType == "OTHER" }.allSatisfy { $0.order == nil })
            for order in orders { #expect(try await stores[0].order(matchingId: order.matchingId) == order) }
            for store in stores { try store.close() }
        }
    }
}
