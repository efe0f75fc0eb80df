import Foundation
import RSPCore
import Synchronization

/// Milliseconds per named measurement, shared by the download workers.
final class LatencySamples: Sendable {
    private let samples = Mutex<[String: [Double]]>([:])

    func record(_ name: String, since start: ContinuousClock.Instant) {
        record(name, milliseconds: (ContinuousClock.now - start).seconds * 1e3)
    }

    func record(_ name: String, milliseconds: Double) {
        samples.withLock { $0[name, default: []].append(milliseconds) }
    }

    /// p50, p90, p99 and max of every measurement, in milliseconds.
    func percentiles() -> [String: [String: Double]] {
        samples.withLock { $0.mapValues(Self.percentiles) }
    }

    static func percentiles(_ values: [Double]) -> [String: Double] {
        let sorted = values.sorted()
        guard let last = sorted.last else { return [:] }
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return ["p50": percentile(0.5), "p90": percentile(0.9), "p99": percentile(0.99), "max": last]
    }
}

/// Records how long each ES9+ call takes, as the LPA sees it (HTTPS round trip included), and
/// when the last InitiateAuthentication started: one instance per download worker, so that the
/// worker can time its whole download from its first ES9+ call.
final class TimedES9PlusService: ES9PlusService {
    let base: any ES9PlusService
    let samples: LatencySamples
    private let downloadStart = Mutex<ContinuousClock.Instant?>(nil)

    init(_ base: any ES9PlusService, samples: LatencySamples = LatencySamples()) {
        self.base = base
        self.samples = samples
    }

    /// When the download in progress sent its first ES9+ call; cleared for the next download.
    func takeDownloadStart() -> ContinuousClock.Instant? {
        downloadStart.withLock { start in
            defer { start = nil }
            return start
        }
    }

    private func timed<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        let result = try await body()
        samples.record(name, since: start)
        return result
    }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        downloadStart.withLock { $0 = ContinuousClock.now }
        return try await timed("initiateAuthentication") { try await base.initiateAuthentication(request) }
    }
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
        try await timed("authenticateClient") { try await base.authenticateClient(request) }
    }
    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
        try await timed("getBoundProfilePackage") { try await base.getBoundProfilePackage(request) }
    }
    func handleNotification(_ request: HandleNotification) async throws {
        try await timed("handleNotification") { try await base.handleNotification(request) }
    }
    func cancelSession(_ request: CancelSessionRequestEs9) async throws {
        try await timed("cancelSession") { try await base.cancelSession(request) }
    }
}
