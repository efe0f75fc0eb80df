import RSPCore
import Synchronization

/// An ES9+ service whose SM-DP+ is attached after the server is listening: the SM-DP+ address
/// names the port (`localhost:PORT`), which is known only once a port-0 socket is bound.
final class LateBoundES9PlusService: ES9PlusService {
    private let target = Mutex<(any ES9PlusService)?>(nil)

    func attach(_ service: any ES9PlusService) { target.withLock { $0 = service } }

    private func service() throws -> any ES9PlusService {
        guard let service = target.withLock({ $0 }) else { throw StatusCode.executionError.with(message: "SM-DP+ starting") }
        return service
    }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        try await service().initiateAuthentication(request)
    }
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
        try await service().authenticateClient(request)
    }
    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
        try await service().getBoundProfilePackage(request)
    }
    func handleNotification(_ request: HandleNotification) async throws { try await service().handleNotification(request) }
    func cancelSession(_ request: CancelSessionRequestEs9) async throws { try await service().cancelSession(request) }
}

/// The SM-DS counterpart of `LateBoundES9PlusService` (its address also names its port).
final class LateBoundES11Service: ES11Service {
    private let target = Mutex<(any ES11Service)?>(nil)

    func attach(_ service: any ES11Service) { target.withLock { $0 = service } }

    private func service() throws -> any ES11Service {
        guard let service = target.withLock({ $0 }) else { throw StatusCode.executionError.with(message: "SM-DS starting") }
        return service
    }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        try await service().initiateAuthentication(request)
    }
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOkEs11 {
        try await service().authenticateClient(request)
    }
}
