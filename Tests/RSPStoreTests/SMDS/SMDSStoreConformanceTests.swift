import Foundation
import RSPCore
import RSPStore
import Testing

/// The stores the SM-DS conformance suite runs against: every `SMDSStore` must behave the same.
enum SMDSStoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case inMemory = "InMemorySMDSStore"
    case sqliteFile = "SQLiteSMDSStore (file)"
    case sqliteInMemory = "SQLiteSMDSStore (in memory)"
    /// The `smds_` tables of a fresh database on the server of `OPENRSP_POSTGRES_URL`.
    case postgres = "PostgresSMDSStore"

    var description: String { rawValue }

    /// The stores the suite runs against: all of them, PostgreSQL only when a server is configured.
    static var available: [SMDSStoreKind] {
        allCases.filter { $0 != .postgres || PostgresTestDatabase.isAvailable }
    }

    func withStore(_ body: (any SMDSStore) async throws -> Void) async throws {
        switch self {
        case .inMemory:
            try await body(InMemorySMDSStore())
        case .sqliteInMemory:
            try await body(try SQLiteSMDSStore.inMemory())
        case .sqliteFile:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("openrsp-smds-store-tests-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try SQLiteSMDSStore(dataDirectory: directory)
            try await body(store)
            try store.close()
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("smds.sqlite").path))
        case .postgres:
            try await PostgresTestDatabase.withStores { stores in try await body(stores.smds) }
        }
    }
}

/// SM-DS records with real EIDs and sub-microsecond dates, so a lossy column would show.
enum SMDSFixtures {
    static let t0 = Date(timeIntervalSinceReferenceDate: 786_000_000.123_456_789)
    static func date(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }
    static func eid(_ n: UInt64) throws -> EID { try EID(prefix: "89049032", individualNumber: n) }
    static func transactionId(_ n: UInt8) throws -> TransactionID { try TransactionID(bytes: [UInt8](repeating: n, count: 16)) }

    static func event(_ id: String, eid: EID, by requester: String = "2.999.10", created: Double = 0, expires: Double = 3600)
        -> EventRecord
    {
        EventRecord(
            eventId: id, eid: eid, rspServerAddress: "smdp.openrsp.test:8443", registeredBy: requester,
            createdAt: date(created), expiresAt: date(expires))
    }

    static func session(_ n: UInt8, expires: Double = 600) throws -> SMDSSessionRecord {
        SMDSSessionRecord(
            transactionId: try transactionId(n), state: .initiated, euiccChallenge: [UInt8](repeating: 1, count: 16),
            serverChallenge: [UInt8](repeating: 2, count: 16), ciPKId: [UInt8](repeating: 3, count: 20), euiccSVN: [2, 2, 2],
            createdAt: date(0), expiresAt: date(expires))
    }
}

private struct RefusedBySMDSCaller: Error, Equatable {}

/// The `SMDSStore` contract, run against every store.
@Suite("SMDSStore conformance")
struct SMDSStoreConformanceTests {
    @Test("an event reads back exactly as it was inserted", arguments: SMDSStoreKind.available)
    func eventRoundTrip(kind: SMDSStoreKind) async throws {
        try await kind.withStore { store in
            let event = SMDSFixtures.event("EVT-ü-1", eid: try SMDSFixtures.eid(1))
            try await store.insertEvent(event)
            #expect(try await store.event(eventId: event.eventId) == event)
            #expect(try await store.event(eventId: "EVT-2") == nil)
        }
    }

    @Test("a second event with the same eventId is refused as a duplicate and the first stays", arguments: SMDSStoreKind.available)
    func duplicateEvent(kind: SMDSStoreKind) async throws {
        try await kind.withStore { store in
            let first = SMDSFixtures.event("EVT-1", eid: try SMDSFixtures.eid(1))
            try await store.insertEvent(first)
            await #expect(throws: StoreError.self) {
                try await store.insertEvent(SMDSFixtures.event("EVT-1", eid: try SMDSFixtures.eid(2), by: "other"))
            }
            #expect(try await store.event(eventId: "EVT-1") == first)
        }
    }

    @Test("events are listed per EID, unexpired only, oldest first", arguments: SMDSStoreKind.available)
    func eventsByEID(kind: SMDSStoreKind) async throws {
        try await kind.withStore { store in
            let eid = try SMDSFixtures.eid(1)
            let b = SMDSFixtures.event("B", eid: eid, created: 10, expires: 3600)
            let a = SMDSFixtures.event("A", eid: eid, created: 20, expires: 3600)
            let expired = SMDSFixtures.event("C", eid: eid, created: 0, expires: 100)
            let foreign = SMDSFixtures.event("D", eid: try SMDSFixtures.eid(2))
            for event in [a, b, expired, foreign] { try await store.insertEvent(event) }
            #expect(try await store.events(eid: eid, unexpiredAt: SMDSFixtures.date(100)) == [b, a])
            #expect(try await store.events(eid: eid, unexpiredAt: SMDSFixtures.date(99)) == [expired, b, a])
            #expect(try await store.deleteExpiredEvents(before: SMDSFixtures.date(100)) == 1)
            #expect(try await store.event(eventId: "C") == nil)
            #expect(try await store.event(eventId: "D") == foreign)
        }
    }

    @Test("an event is deleted only by the requester that registered it", arguments: SMDSStoreKind.available)
    func deleteEvent(kind: SMDSStoreKind) async throws {
        try await kind.withStore { store in
            let event = SMDSFixtures.event("EVT-1", eid: try SMDSFixtures.eid(1), by: "smdp-a")
            try await store.insertEvent(event)
            await #expect(throws: StoreError.conflict("event EVT-1 was registered by another requester")) {
                try await store.deleteEvent(eventId: "EVT-1", registeredBy: "smdp-b")
            }
            #expect(try await store.event(eventId: "EVT-1") == event)
            try await store.deleteEvent(eventId: "EVT-1", registeredBy: "smdp-a")
            #expect(try await store.event(eventId: "EVT-1") == nil)
            await #expect(throws: StoreError.notFound("event EVT-1")) {
                try await store.deleteEvent(eventId: "EVT-1", registeredBy: "smdp-a")
            }
        }
    }

    @Test("a session reads back as inserted, and a duplicate TransactionID is refused", arguments: SMDSStoreKind.available)
    func sessionRoundTrip(kind: SMDSStoreKind) async throws {
        try await kind.withStore { store in
            let session = try SMDSFixtures.session(1)
            try await store.insertSMDSSession(session)
            #expect(try await store.smdsSession(transactionId: session.transactionId) == session)
            #expect(try await store.smdsSession(transactionId: try SMDSFixtures.transactionId(2)) == nil)
            await #expect(throws: StoreError.self) { try await store.insertSMDSSession(session) }
        }
    }

    @Test("a session update is saved whole, or not at all when the change throws", arguments: SMDSStoreKind.available)
    func sessionUpdate(kind: SMDSStoreKind) async throws {
        try await kind.withStore { store in
            let session = try SMDSFixtures.session(1)
            try await store.insertSMDSSession(session)
            let eid = try SMDSFixtures.eid(7)
            await #expect(throws: RefusedBySMDSCaller()) {
                try await store.updateSMDSSession(transactionId: session.transactionId) { record in
                    record.state = .failed
                    throw RefusedBySMDSCaller()
                }
            }
            #expect(try await store.smdsSession(transactionId: session.transactionId) == session)
            let result = try await store.updateSMDSSession(transactionId: session.transactionId) { record in
                record.state = .authenticated
                record.eid = eid
                return 42
            }
            #expect(result == 42)
            var expected = session
            expected.state = .authenticated
            expected.eid = eid
            #expect(try await store.smdsSession(transactionId: session.transactionId) == expected)
            await #expect(throws: StoreError.self) {
                try await store.updateSMDSSession(transactionId: session.transactionId) { record in
                    record.transactionId = try SMDSFixtures.transactionId(9)
                }
            }
            await #expect(throws: StoreError.notFound("session \(try SMDSFixtures.transactionId(3))")) {
                try await store.updateSMDSSession(transactionId: try SMDSFixtures.transactionId(3)) { _ in }
            }
        }
    }

    @Test("expired sessions are purged, live ones kept", arguments: SMDSStoreKind.available)
    func purgeSessions(kind: SMDSStoreKind) async throws {
        try await kind.withStore { store in
            try await store.insertSMDSSession(try SMDSFixtures.session(1, expires: 60))
            try await store.insertSMDSSession(try SMDSFixtures.session(2, expires: 600))
            #expect(try await store.deleteExpiredSMDSSessions(before: SMDSFixtures.date(60)) == 1)
            #expect(try await store.smdsSession(transactionId: try SMDSFixtures.transactionId(1)) == nil)
            #expect(try await store.smdsSession(transactionId: try SMDSFixtures.transactionId(2)) != nil)
        }
    }
}
