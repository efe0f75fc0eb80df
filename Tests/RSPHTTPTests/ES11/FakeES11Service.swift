import RSPCore
import RSPHTTP

/// An `ES11Service` that answers with the recorded InitiateAuthentication response and a
/// fixed list of events, or throws what a test tells it to; it records its calls.
actor FakeES11Service: ES11Service {
    enum Call: Equatable {
        case initiateAuthentication(InitiateAuthenticationRequest)
        case authenticateClient(AuthenticateClientRequest)
    }

    static let events = [
        EventEntries(eventId: "EVT-0001", rspServerAddress: "smdp.example.com"),
        EventEntries(eventId: "EVT-0002", rspServerAddress: "smdp2.example.com:8443"),
    ]

    private(set) var calls: [Call] = []
    private let failure: (any Error)?

    init(failingWith failure: (any Error)? = nil) {
        self.failure = failure
    }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        calls.append(.initiateAuthentication(request))
        if let failure { throw failure }
        return try RecordedSession.initiateAuthenticationOk
    }

    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOkEs11 {
        calls.append(.authenticateClient(request))
        if let failure { throw failure }
        return AuthenticateClientOkEs11(transactionId: request.transactionId, eventEntries: Self.events)
    }
}
