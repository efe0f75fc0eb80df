import Foundation
import RSPCore
@testable import RSPStore
import Testing

/// What only the PostgreSQL stores can get wrong: reaching the server, closing, and rows that
/// do not decode.
@Suite("PostgreSQL stores", .enabled(if: PostgresTestDatabase.isAvailable))
struct PostgresStoreTests {
    static let password = "s3cret-Pa55word"

    /// The test server's URL with `change` applied, and a password that must never show.
    static func url(_ change: (inout PostgresURL) -> Void) throws -> PostgresURL {
        guard var url = PostgresTestDatabase.serverURL else { throw PostgresTestDatabase.Unavailable() }
        url.password = password
        change(&url)
        return url
    }

    /// Opening fails with `.storage`, and neither the error nor its description shows the password.
    static func expectStorageFailure(opening url: PostgresURL, mentioning expected: String) async {
        do {
            let stores = try await StoreLocation.postgres(url).open(logger: PostgresTestDatabase.logger, maximumConnections: 1)
            await stores.close()
            Issue.record("\(url) opened")
        } catch let error as StoreError {
            guard case .storage(let message) = error else { Issue.record("not a storage failure: \(error)"); return }
            #expect(message.contains(expected), "\(message)")
            #expect(!message.contains(password))
            #expect(!String(reflecting: error).contains(password))
            #expect(message.contains(url.host))
        } catch {
            Issue.record("not a StoreError: \(type(of: error))")
        }
    }

    @Test("a server that does not listen is a storage failure that names it without the password")
    func unreachablePort() async throws {
        await Self.expectStorageFailure(opening: try Self.url { $0.port = 1 }, mentioning: "cannot connect to")
    }

    @Test("a host that does not resolve is a storage failure without the password")
    func unknownHost() async throws {
        await Self.expectStorageFailure(opening: try Self.url { $0.host = "openrsp-no-such-host.invalid" }, mentioning: "cannot connect to")
    }

    @Test("a database that does not exist is a storage failure that says so, without the password")
    func unknownDatabase() async throws {
        await Self.expectStorageFailure(
            opening: try Self.url { $0.database = "openrsp_no_such_database" }, mentioning: "the database does not exist")
    }

    @Test("a closed store fails every call with .storage; closing twice is harmless")
    func closedStore() async throws {
        try await PostgresTestDatabase.withDatabase { url in
            let stores = try await StoreLocation.postgres(url).open(logger: PostgresTestDatabase.logger, maximumConnections: 2)
            try await stores.smdp.checkHealth()
            try await stores.smdp.insertProfile(try Fixtures.profile(try Fixtures.iccid(1)))
            await stores.close()
            await stores.close()
            let health = await #expect(throws: StoreError.self) { try await stores.smdp.checkHealth() }
            let profile = await #expect(throws: StoreError.self) { _ = try await stores.smdp.profile(iccid: try Fixtures.iccid(1)) }
            let event = await #expect(throws: StoreError.self) { _ = try await stores.smds.event(eventId: "E") }
            #expect([health, profile, event].allSatisfy { $0?.isStorage == true })
        }
    }

    @Test("a store opened on its own connects, migrates and closes; the other schema's store shares the database")
    func standaloneStores() async throws {
        try await PostgresTestDatabase.withDatabase { url in
            let smdp = try await PostgresSMDPStore(url: url, logger: PostgresTestDatabase.logger, maximumConnections: 2)
            let smds = try await PostgresSMDSStore(url: url, logger: PostgresTestDatabase.logger, maximumConnections: 2)
            try await smdp.insertProfile(try Fixtures.profile(try Fixtures.iccid(1)))
            try await smds.insertEvent(EventRecord(
                eventId: "E-1", eid: try Fixtures.eid(1), rspServerAddress: "smdp.example.test", registeredBy: "smdp",
                createdAt: Fixtures.t0, expiresAt: Fixtures.date(60)))
            #expect(try await smdp.inventory().count == 1)
            #expect(try await smds.event(eventId: "E-1") != nil)
            // Everything is applied by now: a migration over both schemas has nothing left to do.
            #expect(try await StoreLocation.postgres(url).migrate(logger: PostgresTestDatabase.logger).isEmpty)
            await smdp.close()
            await smds.close()
        }
    }

    @Test("a row that does not decode is a storage failure naming the column, never its content")
    func corruptRow() async throws {
        try await PostgresTestDatabase.withStores { stores in
            guard let store = stores.smdp as? PostgresSMDPStore else { Issue.record("not a PostgresSMDPStore"); return }
            let session = Fixtures.session(try Fixtures.transactionId(1), matchingId: nil)
            try await store.insertSession(session)
            try await store.database.statement("corrupt") { transaction in
                try await transaction.execute("UPDATE sessions SET state = 'SECRET-STATE', eid = 'not-an-eid'")
            }
            let error = await #expect(throws: StoreError.self) { _ = try await store.session(transactionId: session.transactionId) }
            guard case .storage(let message) = error else { Issue.record("not a storage failure: \(String(describing: error))"); return }
            #expect(message.contains("column"), "\(message)")
            #expect(!message.contains("SECRET-STATE") && !message.contains("not-an-eid"))
        }
    }

    @Test("the database keeps dates to the bit and sorts identifiers byte-wise, whatever its locale")
    func columnConventions() async throws {
        try await PostgresTestDatabase.withStores { stores in
            let store = stores.smdp
            // Byte order puts upper-case before lower-case and '_' between them: a locale would not.
            for (index, name) in ["b-operator", "B-operator", "_operator", "a", "Z"].enumerated() {
                var record = Fixtures.operatorRecord(name, fingerprint: UInt8(index + 1))
                record.createdAt = Date(timeIntervalSinceReferenceDate: 786_000_000.123_456_789 + Double(index) / 3)
                try await store.insertOperator(record)
                #expect(try await store.operatorRecord(name: name) == record)
            }
            #expect(try await store.operators().map(\.name) == ["B-operator", "Z", "_operator", "a", "b-operator"])
        }
    }
}
