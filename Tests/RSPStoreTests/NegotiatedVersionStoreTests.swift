import Foundation
import GRDB
import RSPCore
@testable import RSPStore
import Testing

/// The negotiated SGP.22 version and features of a session (version negotiation): stored by
/// every store, and added to existing SQLite files by a new migration that keeps their rows.
@Suite("Stores: negotiated version and features of sessions")
struct NegotiatedVersionStoreTests {
    static let v310 = SpecificationVersion(3, 1, 0)

    @Test("an SM-DP+ session's negotiated version and features read back, through inserts and updates",
          arguments: StoreKind.available)
    func smdpRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store in
            var negotiated = Fixtures.session(try Fixtures.transactionId(1), matchingId: nil)
            negotiated.negotiatedVersion = Self.v310
            negotiated.negotiatedFeatures = [.profileDownload, .deviceChange]
            let legacy = Fixtures.session(try Fixtures.transactionId(2), matchingId: nil)
            // Bits a later build defines are kept as stored.
            var future = Fixtures.session(try Fixtures.transactionId(3), matchingId: nil)
            future.negotiatedVersion = SpecificationVersion(4, 0, 0)
            future.negotiatedFeatures = RSPFeatures(rawValue: 1 << 0 | 1 << 9)
            var empty = Fixtures.session(try Fixtures.transactionId(4), matchingId: nil)
            empty.negotiatedVersion = .sgp22v2_2_2
            empty.negotiatedFeatures = []
            for session in [negotiated, legacy, future, empty] {
                try await store.insertSession(session)
                #expect(try await store.session(transactionId: session.transactionId) == session)
            }
            #expect(try await store.session(transactionId: legacy.transactionId)?.negotiatedVersion == nil)
            try await store.updateSession(transactionId: negotiated.transactionId, matchingId: nil, now: Fixtures.date(9)) { session, _ in
                session.negotiatedVersion = SpecificationVersion(3, 0, 0)
                session.negotiatedFeatures = .all
            }
            let updated = try await store.session(transactionId: negotiated.transactionId)
            #expect(updated?.negotiatedVersion == SpecificationVersion(3, 0, 0) && updated?.negotiatedFeatures == .all)
        }
    }

    @Test("an SM-DS session's negotiated version and features read back, through inserts and updates",
          arguments: SMDSStoreKind.available)
    func smdsRoundTrip(kind: SMDSStoreKind) async throws {
        try await kind.withStore { store in
            var negotiated = try SMDSFixtures.session(1)
            negotiated.negotiatedVersion = Self.v310
            negotiated.negotiatedFeatures = .all
            let legacy = try SMDSFixtures.session(2)
            for session in [negotiated, legacy] {
                try await store.insertSMDSSession(session)
                #expect(try await store.smdsSession(transactionId: session.transactionId) == session)
            }
            try await store.updateSMDSSession(transactionId: legacy.transactionId) { session in
                session.negotiatedVersion = .sgp22v2_2_2
                session.negotiatedFeatures = .profileDownload
            }
            let updated = try await store.smdsSession(transactionId: legacy.transactionId)
            #expect(updated?.negotiatedVersion == .sgp22v2_2_2 && updated?.negotiatedFeatures == .profileDownload)
        }
    }

    static let smdpV2Name = "v2 ES2+ order life cycle, operators, function calls, callback outbox"
    static let smdsV1Name = "v1 smds events, sessions"

    @Test("an SM-DP+ file at schema v2 is upgraded to v3 in place: its sessions keep their rows, with no negotiated version")
    func smdpUpgradeFromV2() async throws {
        try await TemporaryDirectory.with { directory in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path
            // A v2 file, as the previous release left it (its shipped migrations, up to v2).
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: Self.smdpV2Name)
            let session = Fixtures.authenticatedSession(try Fixtures.transactionId(1), matchingId: "M-1", eid: try Fixtures.eid(1))
            try await queue.write { db in
                try db.execute(sql: """
                    INSERT INTO sessions (transaction_id, state, euicc_challenge, server_challenge, ci_pkid, euicc_svn,
                                          matching_id, eid, euicc_certificate, smdp_signature2, cc_required, euicc_otpk,
                                          created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [session.transactionId.hex, session.state.rawValue, Data(session.euiccChallenge),
                                     Data(session.serverChallenge), Data(session.ciPKId), Data(session.euiccSVN),
                                     session.matchingId, session.eid?.digits, session.euiccCertificate.map { Data($0) },
                                     session.smdpSignature2.map { Data($0) }, session.ccRequired,
                                     session.euiccOtpk.map { Data($0) }, session.createdAt.timeIntervalSinceReferenceDate,
                                     session.expiresAt.timeIntervalSinceReferenceDate])
            }
            try queue.close()

            let store = try SQLiteSMDPStore(path: path)
            #expect(try await store.session(transactionId: session.transactionId) == session)
            try await store.updateSession(transactionId: session.transactionId, matchingId: nil, now: Fixtures.date(9)) { record, _ in
                record.negotiatedVersion = Self.v310
                record.negotiatedFeatures = .all
            }
            var expected = session
            expected.negotiatedVersion = Self.v310
            expected.negotiatedFeatures = .all
            #expect(try await store.session(transactionId: session.transactionId) == expected)
            try store.close()

            let fresh = directory.appendingPathComponent("fresh.sqlite").path
            try SQLiteSMDPStore(path: fresh).close()
            #expect(try SQLiteSMDPStoreES2Tests.schema(of: path) == (try SQLiteSMDPStoreES2Tests.schema(of: fresh)))
            #expect(try Self.appliedMigrations(path).count == SQLiteSchema.migrator.migrations.count)
        }
    }

    @Test("an SM-DS file at schema v1 is upgraded to v2 in place: its sessions and events keep their rows")
    func smdsUpgradeFromV1() async throws {
        try await TemporaryDirectory.with { directory in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent(SQLiteSMDSStore.defaultFileName).path
            let queue = try DatabaseQueue(path: path)
            try SQLiteSMDSSchema.migrator.migrate(queue, upTo: Self.smdsV1Name)
            var authenticated = try SMDSFixtures.session(1)
            authenticated.state = .authenticated
            authenticated.eid = try SMDSFixtures.eid(7)
            let session = authenticated
            let event = SMDSFixtures.event("EVT-1", eid: try SMDSFixtures.eid(7))
            try await queue.write { db in
                try db.execute(sql: """
                    INSERT INTO smds_sessions (transaction_id, state, euicc_challenge, server_challenge, ci_pkid, euicc_svn,
                                               eid, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [session.transactionId.hex, session.state.rawValue, Data(session.euiccChallenge),
                                     Data(session.serverChallenge), Data(session.ciPKId), Data(session.euiccSVN),
                                     session.eid?.digits, session.createdAt.timeIntervalSinceReferenceDate,
                                     session.expiresAt.timeIntervalSinceReferenceDate])
                try db.execute(sql: """
                    INSERT INTO events (event_id, eid, rsp_server_address, registered_by, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [event.eventId, event.eid.digits, event.rspServerAddress, event.registeredBy,
                                     event.createdAt.timeIntervalSinceReferenceDate, event.expiresAt.timeIntervalSinceReferenceDate])
            }
            try queue.close()

            let store = try SQLiteSMDSStore(path: path)
            #expect(try await store.smdsSession(transactionId: session.transactionId) == session)
            #expect(try await store.event(eventId: "EVT-1") == event)
            var negotiated = try SMDSFixtures.session(2)
            negotiated.negotiatedVersion = Self.v310
            negotiated.negotiatedFeatures = [.profileDownload, .rpm]
            try await store.insertSMDSSession(negotiated)
            #expect(try await store.smdsSession(transactionId: negotiated.transactionId) == negotiated)
            try store.close()

            let fresh = directory.appendingPathComponent("fresh.sqlite").path
            try SQLiteSMDSStore(path: fresh).close()
            #expect(try SQLiteSMDPStoreES2Tests.schema(of: path) == (try SQLiteSMDPStoreES2Tests.schema(of: fresh)))
            #expect(try Self.appliedMigrations(path).count == SQLiteSMDSSchema.migrator.migrations.count)
        }
    }

    @Test("a negotiated_version or negotiated_features that does not decode is a storage error")
    func corruptColumns() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            let session = Fixtures.session(try Fixtures.transactionId(1), matchingId: nil)
            try await store.insertSession(session)
            try store.close()
            let path = directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path
            for (column, value) in [("negotiated_version", "'3.x'"), ("negotiated_features", "-1")] {
                let raw = try DatabaseQueue(path: path)
                try await raw.write { db in
                    try db.execute(sql: "UPDATE sessions SET negotiated_version = NULL, negotiated_features = NULL")
                    try db.execute(sql: "UPDATE sessions SET \(column) = \(value)")
                }
                try raw.close()
                let reopened = try SQLiteSMDPStore(path: path)
                await #expect(throws: StoreError.self, "\(column)") {
                    _ = try await reopened.session(transactionId: session.transactionId)
                }
                try reopened.close()
            }
        }
    }

    static func appliedMigrations(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
    }
}
