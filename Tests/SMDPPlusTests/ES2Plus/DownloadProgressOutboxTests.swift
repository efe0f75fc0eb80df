import Foundation
import RSPCore
import RSPStore
import RSPTestSupport
import SMDPPlus
import Testing

@Suite("DownloadProgressOutbox: HandleDownloadProgressInfo delivered in order, retried, never lost (SGP.22 §5.3.5)")
struct DownloadProgressOutboxTests {
    static let urlA = "https://a.operator.test/progress"
    static let urlB = "https://b.operator.test/progress"

    /// Puts a report for `operatorName` in the outbox; its profileType carries `tag` so tests can tell them apart.
    @discardableResult
    static func enqueue(_ store: any SMDPStore, _ operatorName: String, _ url: String, tag: String, at date: Date) async throws -> CallbackRecord {
        let report = HandleDownloadProgressInfoRequest(
            eid: nil, iccid: try ICCID(digits: "8949449999999990171", checkLuhn: false), profileType: tag, timestamp: date,
            notificationPointId: .bppDownload, notificationPointStatus: .executedSuccess)
        return try await store.enqueueCallback(CallbackRecord(
            operatorName: operatorName, url: url, body: Array(try JSONEncoder().encode(report)), createdAt: date, nextAttemptAt: date))
    }

    static func outbox(
        _ store: any SMDPStore, _ transport: FakeCallbackTransport, _ clock: TestClock, node: String? = nil
    ) -> DownloadProgressOutbox {
        DownloadProgressOutbox(
            store: store, transport: transport, requesterIdentifier: "smdp.openrsp.test", now: { clock.now },
            lease: node.map { DownloadProgressOutbox.Lease(holder: $0, duration: 30) })
    }

    static func tags(_ transport: FakeCallbackTransport, _ url: String) async -> [String] {
        await transport.delivered.filter { $0.url == url }.map(\.request.profileType)
    }

    @Test("every operator's reports arrive in order, each with a stable progress-<id> identifier", arguments: StoreKind.available)
    func fifoPerOperator(kind: StoreKind) async throws {
        let store = try await kind.make()
        let clock = TestClock()
        let transport = FakeCallbackTransport()
        var stored: [CallbackRecord] = []
        for (name, url, tag) in [("A", Self.urlA, "a1"), ("B", Self.urlB, "b1"), ("A", Self.urlA, "a2"), ("A", Self.urlA, "a3"),
                                 ("B", Self.urlB, "b2")] {
            stored.append(try await Self.enqueue(store, name, url, tag: tag, at: clock.now))
        }
        let outbox = Self.outbox(store, transport, clock)
        #expect(await outbox.deliverDue() == 5)
        #expect(await Self.tags(transport, Self.urlA) == ["a1", "a2", "a3"])
        #expect(await Self.tags(transport, Self.urlB) == ["b1", "b2"])
        let identifiers = stored.filter { $0.operatorName == "A" }.map { "progress-\($0.id)" }
        #expect(await transport.identifiers(to: Self.urlA) == identifiers)
        #expect(await transport.delivered.allSatisfy { $0.header.functionRequesterIdentifier == "smdp.openrsp.test" })
        #expect(try await store.pendingCallbacks(limit: 10).isEmpty)
        #expect(await outbox.deliverDue() == 0)
    }

    @Test("back-off: min(base · 2^attempts, cap)")
    func backoffFigures() {
        let outbox = DownloadProgressOutbox(
            store: InMemorySMDPStore(), transport: FakeCallbackTransport(), requesterIdentifier: "x")
        #expect([0, 1, 2, 3, 8, 9, 20, 5000].map { outbox.backoff(afterAttempts: $0) } == [1, 2, 4, 8, 256, 300, 300, 300])
        let fast = DownloadProgressOutbox(
            store: InMemorySMDPStore(), transport: FakeCallbackTransport(), requesterIdentifier: "x", backoffBase: 0.5, backoffCap: 3)
        #expect([0, 1, 2, 3].map { fast.backoff(afterAttempts: $0) } == [0.5, 1, 2, 3])
    }

    @Test("an operator that is down: its first report is retried with back-off, the later ones wait; once up, all arrive in order",
          arguments: StoreKind.available)
    func downThenUp(kind: StoreKind) async throws {
        let store = try await kind.make()
        let clock = TestClock()
        let transport = FakeCallbackTransport()
        let first = try await Self.enqueue(store, "A", Self.urlA, tag: "a1", at: clock.now)
        try await Self.enqueue(store, "A", Self.urlA, tag: "a2", at: clock.now)
        let outbox = Self.outbox(store, transport, clock)
        await transport.setDown(Self.urlA)

        #expect(await outbox.deliverDue() == 0)
        #expect(await transport.attempts == ["progress-\(first.id)"])  // a2 not even tried
        var pending = try await store.pendingCallbacks(limit: 10)
        #expect(pending.map(\.attempts) == [1, 0])
        #expect(pending[0].nextAttemptAt == clock.now.addingTimeInterval(1))
        #expect(pending[0].lastError?.contains("connection refused") == true)

        clock.advance(by: 0.5)
        #expect(await outbox.deliverDue() == 0)
        #expect(await transport.attempts.count == 1)  // not due yet

        clock.advance(by: 0.5)
        #expect(await outbox.deliverDue() == 0)
        pending = try await store.pendingCallbacks(limit: 10)
        #expect(pending[0].attempts == 2)
        #expect(pending[0].nextAttemptAt == clock.now.addingTimeInterval(2))

        await transport.setDown(Self.urlA, false)
        clock.advance(by: 2)
        #expect(await outbox.deliverDue() == 2)
        #expect(await Self.tags(transport, Self.urlA) == ["a1", "a2"])
        #expect(await transport.attempts == Array(repeating: "progress-\(first.id)", count: 3) + ["progress-\(first.id + 1)"])
        #expect(try await store.pendingCallbacks(limit: 10).isEmpty)
    }

    @Test("a failing operator does not hold up another one")
    func independentOperators() async throws {
        let store = InMemorySMDPStore()
        let clock = TestClock()
        let transport = FakeCallbackTransport()
        try await Self.enqueue(store, "A", Self.urlA, tag: "a1", at: clock.now)
        try await Self.enqueue(store, "B", Self.urlB, tag: "b1", at: clock.now)
        try await Self.enqueue(store, "A", Self.urlA, tag: "a2", at: clock.now)
        try await Self.enqueue(store, "B", Self.urlB, tag: "b2", at: clock.now)
        await transport.setDown(Self.urlA)
        #expect(await Self.outbox(store, transport, clock).deliverDue() == 2)
        #expect(await Self.tags(transport, Self.urlB) == ["b1", "b2"])
        #expect(await store.pendingCallbacks(limit: 10).map(\.operatorName) == ["A", "A"])
    }

    @Test("after a restart, a new outbox on the same database delivers what the first one could not, in order")
    func restart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestClock()
        let down = FakeCallbackTransport()
        await down.setDown(Self.urlA)
        do {
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            try await Self.enqueue(store, "A", Self.urlA, tag: "a1", at: clock.now)
            try await Self.enqueue(store, "A", Self.urlA, tag: "a2", at: clock.now)
            #expect(await Self.outbox(store, down, clock).deliverDue() == 0)
            try store.close()
        }
        clock.advance(by: 1)
        let reopened = try SQLiteSMDPStore(dataDirectory: directory)
        let up = FakeCallbackTransport()
        #expect(await Self.outbox(reopened, up, clock).deliverDue() == 2)
        #expect(await Self.tags(up, Self.urlA) == ["a1", "a2"])
        #expect(try await reopened.pendingCallbacks(limit: 10).isEmpty)
    }

    @Test("the SM-DP+'s own outbox calls as its address; run() delivers until cancelled")
    func smdpOutboxAndRun() async throws {
        let env = try await ES2PlusTestEnvironment()
        let (iccid, _) = try await ConfirmOrderTests.ordered(env)
        let matchingId = try await env.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: true)).matchingId
        var euicc = try env.euicc()
        _ = try await env.authenticate(&euicc, matchingId: matchingId)
        let transport = FakeCallbackTransport()
        let outbox = env.smdp.downloadProgressOutbox(transport: transport)
        let task = Task { await outbox.run(pollInterval: .milliseconds(10)) }
        for _ in 0..<6000 where await transport.delivered.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        await task.value
        let delivery = try #require(await transport.delivered.first)
        #expect(delivery.url == ES2PlusTestEnvironment.callbackA)
        #expect(delivery.header.functionRequesterIdentifier == ES2PlusTestEnvironment.address)
        #expect(delivery.request.notificationPointId == .eligibilityAndRetryLimitCheck)
        #expect(delivery.request.iccid == iccid)
    }

    // MARK: Several nodes on one database

    @Test("two nodes on one store: only the lease holder delivers; when its lease lapses the other takes over, in order",
          arguments: StoreKind.available)
    func leaseHolderDelivers(kind: StoreKind) async throws {
        let store = try await kind.make()
        let clock = TestClock()
        let transportA = FakeCallbackTransport()
        let transportB = FakeCallbackTransport()
        let nodeA = Self.outbox(store, transportA, clock, node: "node-a")
        let nodeB = Self.outbox(store, transportB, clock, node: "node-b")

        try await Self.enqueue(store, "A", Self.urlA, tag: "a1", at: clock.now)
        #expect(await nodeA.deliverDue() == 1)
        try await Self.enqueue(store, "A", Self.urlA, tag: "a2", at: clock.now)
        #expect(await nodeB.deliverDue() == 0)  // node-a holds the lease for 30 s
        #expect(await transportB.attempts.isEmpty)

        // node-a dies: its lease still stands until it lapses.
        clock.advance(by: 29)
        #expect(await nodeB.deliverDue() == 0)
        clock.advance(by: 2)
        try await Self.enqueue(store, "A", Self.urlA, tag: "a3", at: clock.now)
        #expect(await nodeB.deliverDue() == 2)
        #expect(await Self.tags(transportB, Self.urlA) == ["a2", "a3"])

        // node-a comes back: node-b holds the lease now.
        try await Self.enqueue(store, "A", Self.urlA, tag: "a4", at: clock.now)
        #expect(await nodeA.deliverDue() == 0)
        #expect(await Self.tags(transportA, Self.urlA) == ["a1"])
        #expect(try await store.pendingCallbacks(limit: 10).map(\.attempts) == [0])
    }

    @Test("the holder keeps the lease as long as it runs passes: each pass renews it", arguments: StoreKind.available)
    func passesRenewTheLease(kind: StoreKind) async throws {
        let store = try await kind.make()
        let clock = TestClock()
        let transportB = FakeCallbackTransport()
        let nodeA = Self.outbox(store, FakeCallbackTransport(), clock, node: "node-a")
        let nodeB = Self.outbox(store, transportB, clock, node: "node-b")
        for _ in 0..<4 {
            #expect(await nodeA.deliverDue() == 0)  // nothing to send, but the pass renews
            clock.advance(by: 20)
        }
        try await Self.enqueue(store, "A", Self.urlA, tag: "a1", at: clock.now)
        #expect(await nodeB.deliverDue() == 0)  // 80 s after node-a's first pass, its lease still stands
        #expect(await transportB.attempts.isEmpty)
    }

    @Test("a node that stops releases the lease: another node delivers at its next pass", arguments: StoreKind.available)
    func releaseAtShutdown(kind: StoreKind) async throws {
        let store = try await kind.make()
        let clock = TestClock()
        let transportB = FakeCallbackTransport()
        let nodeA = Self.outbox(store, FakeCallbackTransport(), clock, node: "node-a")
        let nodeB = Self.outbox(store, transportB, clock, node: "node-b")
        #expect(await nodeA.deliverDue() == 0)
        try await Self.enqueue(store, "A", Self.urlA, tag: "a1", at: clock.now)
        #expect(await nodeB.deliverDue() == 0)
        await nodeA.releaseLease()
        clock.advance(by: 0.5)
        #expect(await nodeB.deliverDue() == 1)
        #expect(await Self.tags(transportB, Self.urlA) == ["a1"])
        await nodeA.releaseLease()  // node-b's lease is not node-a's to release
        #expect(await nodeA.deliverDue() == 0)
    }

    @Test("without a lease (one process) every pass delivers, whatever leases other holders took")
    func noLeaseDeliversAlways() async throws {
        let store = InMemorySMDPStore()
        let clock = TestClock()
        #expect(try await store.acquireLease(
            DownloadProgressOutbox.Lease.name, holder: "elsewhere", now: clock.now, until: clock.now.addingTimeInterval(30)))
        try await Self.enqueue(store, "A", Self.urlA, tag: "a1", at: clock.now)
        let transport = FakeCallbackTransport()
        #expect(await Self.outbox(store, transport, clock).deliverDue() == 1)
    }

    @Test("a slow operator's queue renews the lease before it runs short, so no other node starts mid-pass",
          arguments: StoreKind.available)
    func slowQueueRenews(kind: StoreKind) async throws {
        let store = try await kind.make()
        let clock = TestClock()
        let slow = SlowCallbackTransport { clock.advance(by: 10) }
        for tag in ["a1", "a2", "a3", "a4"] { try await Self.enqueue(store, "A", Self.urlA, tag: tag, at: clock.now) }
        let nodeA = DownloadProgressOutbox(
            store: store, transport: slow, requesterIdentifier: "smdp.openrsp.test", now: { clock.now },
            lease: DownloadProgressOutbox.Lease(holder: "node-a", duration: 30))
        #expect(await nodeA.deliverDue() == 4)  // 40 s of sending on a 30 s lease
        let nodeB = FakeCallbackTransport()
        try await Self.enqueue(store, "A", Self.urlA, tag: "a5", at: clock.now)
        #expect(await Self.outbox(store, nodeB, clock, node: "node-b").deliverDue() == 0)
    }

    @Test("a node that lost the lease mid-pass sends nothing more", arguments: StoreKind.available)
    func lostMidPass(kind: StoreKind) async throws {
        let store = try await kind.make()
        let clock = TestClock()
        // While node-a's first send hangs past its lease, node-b takes the lapsed lease.
        let slow = SlowCallbackTransport {
            clock.advance(by: 31)
            _ = try? await store.acquireLease(
                DownloadProgressOutbox.Lease.name, holder: "node-b", now: clock.now, until: clock.now.addingTimeInterval(30))
        }
        try await Self.enqueue(store, "A", Self.urlA, tag: "a1", at: clock.now)
        try await Self.enqueue(store, "A", Self.urlA, tag: "a2", at: clock.now)
        let nodeA = DownloadProgressOutbox(
            store: store, transport: slow, requesterIdentifier: "smdp.openrsp.test", now: { clock.now },
            lease: DownloadProgressOutbox.Lease(holder: "node-a", duration: 30))
        #expect(await nodeA.deliverDue() == 1)
        #expect(await slow.base.attempts.count == 1)
        #expect(try await store.pendingCallbacks(limit: 10).count == 1)
    }
}

/// An operator endpoint that takes its time: `during` runs inside each delivery (advancing the
/// test clock, or letting another node act meanwhile).
struct SlowCallbackTransport: ES2PlusCallbackTransport {
    let base = FakeCallbackTransport()
    let during: @Sendable () async -> Void

    func handleDownloadProgressInfo(
        _ request: HandleDownloadProgressInfoRequest, header: ES2PlusRequestHeader, url: String
    ) async throws {
        await during()
        try await base.handleDownloadProgressInfo(request, header: header, url: url)
    }
}
