import RSPCore
import RSPHTTP

/// An `ES9PlusService` that answers with the recorded session's responses, or throws what a
/// test tells it to; it records what it was called with.
actor FakeES9PlusService: ES9PlusService {
    enum Call: Equatable {
        case initiateAuthentication(InitiateAuthenticationRequest)
        case authenticateClient(AuthenticateClientRequest)
        case getBoundProfilePackage(GetBoundProfilePackageRequest)
        case handleNotification(HandleNotification)
        case cancelSession(CancelSessionRequestEs9)
    }

    struct Unexpected: Error {}

    private(set) var calls: [Call] = []
    private var failure: (any Error)?

    init(failingWith failure: (any Error)? = nil) {
        self.failure = failure
    }

    func fail(with error: (any Error)?) {
        failure = error
    }

    private func check() throws {
        if let failure { throw failure }
    }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        calls.append(.initiateAuthentication(request))
        try check()
        return try RecordedSession.initiateAuthenticationOk
    }

    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
        calls.append(.authenticateClient(request))
        try check()
        return try RecordedSession.authenticateClientOk
    }

    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
        calls.append(.getBoundProfilePackage(request))
        try check()
        return try RecordedSession.getBoundProfilePackageOk
    }

    func handleNotification(_ request: HandleNotification) async throws {
        calls.append(.handleNotification(request))
        try check()
    }

    func cancelSession(_ request: CancelSessionRequestEs9) async throws {
        calls.append(.cancelSession(request))
        try check()
    }
}
