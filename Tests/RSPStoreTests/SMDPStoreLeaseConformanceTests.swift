import Foundation
import RSPCore
import RSPStore
import Testing

/// Leases (work one node does for all) and the readiness check, run against every store.
@Suite("SMDPStore conformance: leases and health")
struct SMDPStoreLeaseConformanceTests {
    static let lease = "callback-outbox"

    /// `acquireLease` with times in seconds after `Fixtures.t0`.
    static func acquire(_ store: any SMDPStore, _ name: String, _ holder: String, at now: Double, until: Double) async throws -> Bool {
        try await store.acquireLease(name, holder: holder, now: Fixtures.date(now), until: Fixtures.date(until))
    }

    @Test("a free lease is taken; another holder is refused until it expires; its holder renews it", arguments: StoreKind.available)
    func leaseLifeCycle(kind: StoreKind) async throws {
        try await kind.withStore { (store) async throws in
            // Free → taken.
            #expect(try await Self.acquire(store, Self.lease, "node-a", at: 0, until: 30))
            // Another holder is refused while it runs, up to the instant before expiry.
            #expect(try await !Self.acquire(store, Self.lease, "node-b", at: 10, until: 40))
            #expect(try await !Self.acquire(store, Self.lease, "node-b", at: 29.999, until: 60))
            // The holder renews it; the renewal moves the expiry.
            #expect(try await Self.acquire(store, Self.lease, "node-a", at: 20, until: 60))
            #expect(try await !Self.acquire(store, Self.lease, "node-b", at: 45, until: 90))
            // Expired at `now` (expiry == now counts as expired): taken over by another holder.
            #expect(try await Self.acquire(store, Self.lease, "node-b", at: 60, until: 90))
            // Now the former holder is the one refused.
            #expect(try await !Self.acquire(store, Self.lease, "node-a", at: 61, until: 120))
            #expect(try await Self.acquire(store, Self.lease, "node-b", at: 61, until: 120))
        }
    }

    @Test("a holder releases its lease by renewing it into the past; leases with other names are independent",
          arguments: StoreKind.available)
    func releaseAndNames(kind: StoreKind) async throws {
        try await kind.withStore { (store) async throws in
            #expect(try await Self.acquire(store, Self.lease, "node-a", at: 0, until: 30))
            #expect(try await Self.acquire(store, "other-work", "node-b", at: 0, until: 30))
            #expect(try await !Self.acquire(store, "other-work", "node-a", at: 1, until: 30))
            // Released: renewed to end a second before now.
            #expect(try await Self.acquire(store, Self.lease, "node-a", at: 5, until: 4))
            #expect(try await Self.acquire(store, Self.lease, "node-b", at: 5, until: 35))
            #expect(try await !Self.acquire(store, Self.lease, "node-a", at: 6, until: 36))
        }
    }

    @Test("the health check passes on an open store", arguments: StoreKind.available)
    func healthy(kind: StoreKind) async throws {
        try await kind.withStore { (store) async throws in
            try await store.checkHealth()
            try await store.checkHealth()
        }
    }

    @Test("the health check of a closed SQLite store fails with .storage")
    func sqliteClosedIsUnhealthy() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            try await store.checkHealth()
            try store.close()
            let error = await #expect(throws: StoreError.self) { try await store.checkHealth() }
            #expect(error?.isStorage == true)
        }
    }
}
