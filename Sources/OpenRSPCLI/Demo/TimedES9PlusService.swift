import Foundation
import RSPCore
import Synchronization

/// Records how long each ES9+ call takes, as the LPA sees it (HTTPS round trip included).
final class TimedES9PlusService: ES9PlusService {
    let base: any ES9PlusService
    /// Milliseconds per call, by function name.
    let samples = Mutex<[String: [Double]]>([:])

    init(_ base: any ES9PlusService) {
        self.base = base
    }

    private func timed<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await body()
        let elapsed = clock.now - start
        let ms = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
        samples.withLock { $0[name, default: []].append(ms) }
        return result
    }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        try await timed("initiateAuthentication") { try await base.initiateAuthentication(request) }
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
