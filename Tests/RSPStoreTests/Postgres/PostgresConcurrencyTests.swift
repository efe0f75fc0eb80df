import Foundation
import RSPCore
@testable import RSPStore
import Testing

/// Several `openrsp serve` nodes on one database: each node is a store with its own pool, and
/// what one node's transaction reads and writes, no other node's can slip in between.
@Suite("PostgreSQL stores: several nodes on one database", .enabled(if: PostgresTestDatabase.isAvailable))
struct PostgresConcurrencyTests {
    /// Two nodes (`open` twice: two pools) on one fresh database.
    static func withTwoNodes(_ body: (OpenedStores, OpenedStores) async throws -> Void) async throws {
        try await PostgresTestDatabase.withDatabase { url in
            let location = StoreLocation.postgres(url)
            let first = try await location.open(logger: PostgresTestDatabase.logger, maximumConnections: 4)
            let second: OpenedStores
            do { second = try await location.open(logger: PostgresTestDatabase.logger, maximumConnections: 4) } catch {
                await first.close()
                throw error
            }
            let outcome: Result<Void, any Error>
            do { try await body(first, second); outcome = .success(()) } catch { outcome = .failure(error) }
            await first.close()
            await second.close()
            try outcome.get()
        }
    }

    @Test("50 concurrent DownloadOrders by profile type on two nodes take 10 available profiles exactly once each")
    func concurrentAllocation() async throws {
        try await Self.withTwoNodes { a, b in
            #expect(a.smdp is PostgresSMDPStore && b.smdp is PostgresSMDPStore)
            let iccids = try (1...10).map(Fixtures.iccid)
            for iccid in iccids { try await a.smdp.insertProfile(try Fixtures.profile(iccid)) }
            // A profile of another type must never be taken.
            try await a.smdp.insertProfile(try Fixtures.profile(try Fixtures.iccid(99), profileType: "OTHER"))
            let stores = [a.smdp, b.smdp]
            let orders = try await withThrowingTaskGroup(of: OrderRecord?.self) { group in
                for call in 0..<50 {
                    let store = stores[call % 2]
                    group.addTask {
                        try await store.insertOrder(
                            forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: { _ in true }) { profile in
                            Fixtures.order("CONCURRENT-\(call)", for: profile.iccid)
                        }
                    }
                }
                var orders: [OrderRecord] = []
                for try await order in group { if let order { orders.append(order) } }
                return orders
            }
            #expect(orders.count == 10)
            #expect(Set(orders.map(\.iccid)) == Set(iccids))
            #expect(Set(orders.map(\.matchingId)).count == 10)
            let inventory = try await b.smdp.inventory()
            #expect(inventory.filter { $0.order != nil }.map(\.profile.iccid) == iccids)
            #expect(try await a.smdp.activeOrder(iccid: try Fixtures.iccid(99)) == nil)
            for order in orders { #expect(try await b.smdp.order(matchingId: order.matchingId) == order) }
            // Nothing left to allocate.
            #expect(try await a.smdp.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: { _ in true }) { profile in
                Fixtures.order("LATE", for: profile.iccid)
            } == nil)
        }
    }

    @Test("of two concurrent updateSession calls moving a session from authenticated to bound, exactly one succeeds")
    func concurrentBinding() async throws {
        try await Self.withTwoNodes { a, b in
            let sessions = 10
            for n in 0..<sessions {
                let iccid = try Fixtures.iccid(n + 1)
                try await a.smdp.insertProfile(try Fixtures.profile(iccid))
                try await a.smdp.insertOrder(Fixtures.order("M-\(n)", for: iccid))
                try await a.smdp.insertSession(Fixtures.authenticatedSession(
                    try Fixtures.transactionId(UInt8(n)), matchingId: "M-\(n)", eid: try Fixtures.eid(UInt64(n + 1))))
            }
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<sessions {
                    for store in [a.smdp, b.smdp] {
                        group.addTask {
                            do {
                                try await store.updateSession(
                                    transactionId: try Fixtures.transactionId(UInt8(n)), matchingId: nil, now: Fixtures.date(50)
                                ) { session, order in
                                    guard session.state == .authenticated else { throw RefusedByCaller(why: "already bound") }
                                    session.state = .bound
                                    order?.state = .downloaded
                                    order?.confirmationCodeAttemptsLeft -= 1
                                }
                                return true
                            } catch is RefusedByCaller {
                                return false
                            }
                        }
                    }
                }
                var outcomes: [Bool] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.filter { $0 }.count == sessions)
            #expect(outcomes.filter { !$0 }.count == sessions)
            for n in 0..<sessions {
                #expect(try await b.smdp.session(transactionId: try Fixtures.transactionId(UInt8(n)))?.state == .bound)
                let order = try await a.smdp.order(matchingId: "M-\(n)")
                #expect(order?.state == .downloaded)
                #expect(order?.confirmationCodeAttemptsLeft == 4)
            }
        }
    }

    @Test("of deliveries of one installation result racing on two nodes, one records it and the others find it recorded")
    func concurrentInstallationResult() async throws {
        try await Self.withTwoNodes { a, b in
            let sessions = 5
            var expected: [(TransactionID, String)] = []
            for n in 0..<sessions {
                let iccid = try Fixtures.iccid(n + 1)
                let transactionId = try Fixtures.transactionId(UInt8(n))
                try await a.smdp.insertProfile(try Fixtures.profile(iccid))
                try await a.smdp.insertOrder(Fixtures.order("M-\(n)", for: iccid))
                try await a.smdp.insertSession(Fixtures.authenticatedSession(
                    transactionId, matchingId: "M-\(n)", eid: try Fixtures.eid(UInt64(n + 1))))
                expected.append((transactionId, "M-\(n)"))
            }
            let recorded = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<sessions {
                    let transactionId = expected[n].0
                    let notification = Fixtures.notification(
                        eid: try Fixtures.eid(UInt64(n + 1)), iccid: try Fixtures.iccid(n + 1), seq: 1, transactionId: transactionId)
                    for _ in 0..<2 {
                        for store in [a.smdp, b.smdp] {
                            group.addTask {
                                try await store.insertNotification(notification, updatingSession: transactionId, now: Fixtures.date(70)) {
                                    session, order, _ in
                                    session.state = .completed
                                    order?.state = .installed
                                    order?.confirmationCodeAttemptsLeft -= 1
                                } != nil
                            }
                        }
                    }
                }
                var recorded: [Bool] = []
                for try await outcome in group { recorded.append(outcome) }
                return recorded
            }
            #expect(recorded.filter { $0 }.count == sessions)
            for (n, (transactionId, matchingId)) in expected.enumerated() {
                #expect(try await b.smdp.session(transactionId: transactionId)?.state == .completed)
                let order = try await a.smdp.order(matchingId: matchingId)
                #expect(order?.state == .installed)
                #expect(order?.confirmationCodeAttemptsLeft == 4)
                #expect(try await b.smdp.notifications(eid: try Fixtures.eid(UInt64(n + 1))).count == 1)
            }
        }
    }

    @Test("concurrent updateOrder calls on two nodes lose no update")
    func concurrentOrderUpdates() async throws {
        try await Self.withTwoNodes { a, b in
            let iccid = try Fixtures.iccid(1)
            try await a.smdp.insertProfile(try Fixtures.profile(iccid))
            try await a.smdp.insertOrder(Fixtures.order("M-1", for: iccid, attempts: 40))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for call in 0..<30 {
                    let store = call % 2 == 0 ? a.smdp : b.smdp
                    group.addTask {
                        try await store.updateOrder(iccid: iccid, now: Fixtures.date(Double(call))) { order in
                            order.confirmationCodeAttemptsLeft -= 1
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await b.smdp.order(matchingId: "M-1")?.confirmationCodeAttemptsLeft == 10)
        }
    }

    @Test("of concurrent inserts of one ICCID on two nodes, one succeeds and the others are duplicates")
    func concurrentDuplicateProfile() async throws {
        try await Self.withTwoNodes { a, b in
            let iccid = try Fixtures.iccid(7)
            let results = try await withThrowingTaskGroup(of: StoreError?.self) { group in
                for call in 0..<8 {
                    let store = call % 2 == 0 ? a.smdp : b.smdp
                    group.addTask {
                        var profile = try Fixtures.profile(iccid)
                        profile.profileName = "attempt \(call)"
                        do { try await store.insertProfile(profile); return nil } catch let error as StoreError { return error }
                    }
                }
                var results: [StoreError?] = []
                for try await result in group { results.append(result) }
                return results
            }
            #expect(results.filter { $0 == nil }.count == 1)
            #expect(results.compactMap { $0 } == Array(repeating: StoreError.duplicate("profile \(iccid)"), count: 7))
            await #expect(throws: StoreError.notFound("profile \(try Fixtures.iccid(8))")) {
                try await b.smdp.insertOrder(Fixtures.order("M-8", for: try Fixtures.iccid(8)))
            }
        }
    }

    @Test("of nodes racing for a free or lapsed lease, exactly one gets it")
    func concurrentLease() async throws {
        try await Self.withTwoNodes { a, b in
            for (round, now) in [Fixtures.date(0), Fixtures.date(100)].enumerated() {
                let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for node in 0..<10 {
                        let store = node % 2 == 0 ? a.smdp : b.smdp
                        group.addTask {
                            try await store.acquireLease("outbox", holder: "node-\(round)-\(node)", now: now, until: now + 30)
                        }
                    }
                    var granted = 0
                    for try await held in group where held { granted += 1 }
                    return granted
                }
                #expect(granted == 1)
            }
        }
    }

    @Test("of concurrent recordFunctionCall with one key on two nodes, every caller gets the first outcome")
    func concurrentFunctionCall() async throws {
        try await Self.withTwoNodes { a, b in
            let recorded = try await withThrowingTaskGroup(of: FunctionCallRecord.self) { group in
                for call in 0..<8 {
                    let store = call % 2 == 0 ? a.smdp : b.smdp
                    group.addTask {
                        try await store.recordFunctionCall(Fixtures.functionCall("Operator A", "downloadOrder", "42", outcome: UInt8(call)))
                    }
                }
                var recorded: [FunctionCallRecord] = []
                for try await record in group { recorded.append(record) }
                return recorded
            }
            #expect(Set(recorded).count == 1)
            #expect(try await a.smdp.functionCall(requester: "Operator A", function: "downloadOrder", callId: "42") == recorded.first)
        }
    }

    @Test("of two concurrent ES11 AuthenticateClient steps on one SM-DS session, exactly one succeeds")
    func concurrentSMDSSession() async throws {
        try await Self.withTwoNodes { a, b in
            let session = SMDSSessionRecord(
                transactionId: try Fixtures.transactionId(1), state: .initiated, euiccChallenge: Array(0..<16),
                serverChallenge: Array(16..<32), ciPKId: Array(repeating: 1, count: 20), euiccSVN: [2, 2, 2],
                createdAt: Fixtures.t0, expiresAt: Fixtures.date(600))
            try await a.smds.insertSMDSSession(session)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (index, store) in [a.smds, b.smds, a.smds, b.smds].enumerated() {
                    group.addTask {
                        do {
                            try await store.updateSMDSSession(transactionId: session.transactionId) { record in
                                guard record.state == .initiated else { throw RefusedByCaller(why: "used") }
                                record.state = .authenticated
                                record.eid = try Fixtures.eid(UInt64(index + 1))
                            }
                            return true
                        } catch is RefusedByCaller {
                            return false
                        }
                    }
                }
                var outcomes: [Bool] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await b.smds.smdsSession(transactionId: session.transactionId)?.state == .authenticated)
        }
    }

    @Test("two nodes migrating one database together apply each migration exactly once")
    func concurrentMigration() async throws {
        try await PostgresTestDatabase.withDatabase { url in
            let location = StoreLocation.postgres(url)
            async let first = location.migrate(logger: PostgresTestDatabase.logger)
            async let second = location.migrate(logger: PostgresTestDatabase.logger)
            let applied = try await first + second
            let all = (PostgresSchema.migrations + PostgresSMDSSchema.migrations).map(\.name)
            #expect(applied.sorted() == all.sorted())
            #expect(try await location.migrate(logger: PostgresTestDatabase.logger).isEmpty)
            // Opening finds nothing to do and works.
            let stores = try await location.open(logger: PostgresTestDatabase.logger, maximumConnections: 2)
            try await stores.smdp.checkHealth()
            await stores.close()
        }
    }

    @Test("two nodes opening a fresh database at once both start")
    func concurrentOpen() async throws {
        try await PostgresTestDatabase.withDatabase { url in
            let location = StoreLocation.postgres(url)
            async let first = location.open(logger: PostgresTestDatabase.logger, maximumConnections: 2)
            async let second = location.open(logger: PostgresTestDatabase.logger, maximumConnections: 2)
            let (a, b) = try await (first, second)
            try await a.smdp.insertProfile(try Fixtures.profile(try Fixtures.iccid(1)))
            #expect(try await b.smdp.profile(iccid: try Fixtures.iccid(1)) != nil)
            await a.close()
            await b.close()
        }
    }

    @Test("a transaction that loses a serialization race is run again, whole")
    func serializationFailureIsRetried() async throws {
        try await PostgresTestDatabase.withDatabase { url in
            let database = try await PostgresDatabase.connect(url: url, logger: PostgresTestDatabase.logger, maximumConnections: 4)
            try await database.statement("setup") { try await $0.execute("CREATE TABLE counter (n BIGINT NOT NULL)") }
            try await database.statement("setup") { try await $0.execute("INSERT INTO counter (n) VALUES (0)") }
            let attempts = Counter()
            let bothRead = Barrier(parties: 2)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await database.write("increment") { transaction in
                            let attempt = await attempts.next()
                            try await transaction.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                            let n = try await transaction.row("SELECT n FROM counter")?.required("n", as: Int.self) ?? -1
                            // Both first attempts read 0 before either writes: the second writer must fail
                            // with a serialization failure (40001), and its retry reads 1.
                            if attempt <= 2 { await bothRead.arrive() }
                            try await transaction.execute("UPDATE counter SET n = \(n + 1)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let n = try await database.statement("read") { try await $0.row("SELECT n FROM counter")?.required("n", as: Int.self) }
            #expect(n == 2)
            #expect(await attempts.value == 3)
            await database.close()
        }
    }
}

private actor Counter {
    private(set) var value = 0

    func next() -> Int {
        value += 1
        return value
    }
}

/// Lets `parties` tasks continue only once all of them arrived.
private actor Barrier {
    private let parties: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(parties: Int) { self.parties = parties }

    func arrive() async {
        if waiting.count + 1 == parties {
            for continuation in waiting { continuation.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
