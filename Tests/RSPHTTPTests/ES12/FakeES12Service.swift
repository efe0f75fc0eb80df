import RSPCore
import RSPHTTP

/// An `ES12Service` that records each call with the requester the transport authenticated.
actor FakeES12Service: ES12Service {
    enum Call: Equatable {
        case registerEvent(RegisterEventRequest, ES12Requester)
        case deleteEvent(DeleteEventRequest, ES12Requester)
    }

    private(set) var calls: [Call] = []
    private let failure: (any Error)?

    init(failingWith failure: (any Error)? = nil) {
        self.failure = failure
    }

    func registerEvent(_ request: RegisterEventRequest, requester: ES12Requester) async throws {
        calls.append(.registerEvent(request, requester))
        if let failure { throw failure }
    }

    func deleteEvent(_ request: DeleteEventRequest, requester: ES12Requester) async throws {
        calls.append(.deleteEvent(request, requester))
        if let failure { throw failure }
    }
}
