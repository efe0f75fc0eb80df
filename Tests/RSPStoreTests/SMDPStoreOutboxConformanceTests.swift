import Foundation
import RSPCore
import RSPStore
import Testing

/// `updateSession` with an outbox: the progress reports a session step appends are enqueued with it.
@Suite("SMDPStore conformance: session updates with progress reports")
struct SMDPStoreOutboxConformanceTests {
    @Test("the callbacks a session update appends are enqueued, in order, with increasing ids", arguments: StoreKind.available)
    func enqueuedWithTheChange(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, _) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            let earlier = try await store.enqueueCallback(Fixtures.callback(1))
            let result = try await store.updateSession(transactionId: session.transactionId, matchingId: nil, now: Fixtures.date(50)) {
                session, order, outbox in
                session.state = .bound
                order?.state = .downloaded
                outbox.append(Fixtures.callback(2))
                outbox.append(Fixtures.callback(3, operatorName: "Operator B"))
                return "bound"
            }
            #expect(result == "bound")
            #expect(try await store.session(transactionId: session.transactionId)?.state == .bound)
            let pending = try await store.pendingCallbacks(limit: 10)
            #expect(pending.count == 3)
            #expect(pending.first == earlier)
            #expect(pending.map(\.body) == [1, 2, 3].map { Fixtures.callback($0).body })
            #expect(pending.map(\.operatorName) == ["Operator A", "Operator A", "Operator B"])
            #expect(zip(pending, pending.dropFirst()).allSatisfy { $0.id < $1.id })
        }
    }

    @Test("a session update that throws enqueues nothing and changes nothing", arguments: StoreKind.available)
    func nothingWhenRefused(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, order) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            await #expect(throws: RefusedByCaller(why: "refused")) {
                try await store.updateSession(transactionId: session.transactionId, matchingId: nil, now: Fixtures.date(50)) {
                    session, order, outbox in
                    session.state = .failed
                    order?.state = .error
                    outbox.append(Fixtures.callback(1))
                    throw RefusedByCaller(why: "refused")
                }
            }
            #expect(try await store.pendingCallbacks(limit: 10).isEmpty)
            #expect(try await store.session(transactionId: session.transactionId) == session)
            #expect(try await store.order(matchingId: order.matchingId) == order)
        }
    }
}
