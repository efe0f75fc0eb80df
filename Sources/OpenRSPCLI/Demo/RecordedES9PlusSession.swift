import RSPCore
import Synchronization

/// One download's four ES9+ calls, as its LPA made them and the SM-DP+ answered them: what
/// `TransportFloor` sends again and again, without the work that produced it.
struct RecordedES9PlusSession: Sendable {
    var initiate: InitiateAuthenticationRequest
    var initiated: InitiateAuthenticationOkEs9
    var authenticate: AuthenticateClientRequest
    var authenticated: AuthenticateClientOk
    var get: GetBoundProfilePackageRequest
    var package: GetBoundProfilePackageOk
    var notification: HandleNotification
}

/// Passes calls to `base` and keeps the first download whose four calls all succeeded.
final class RecordingES9PlusService: ES9PlusService {
    let base: any ES9PlusService
    private let state = Mutex<(partial: Partial, session: RecordedES9PlusSession?)>((Partial(), nil))

    /// The calls of the download in progress, until its notification completes it.
    private struct Partial {
        var initiate: (InitiateAuthenticationRequest, InitiateAuthenticationOkEs9)?
        var authenticate: (AuthenticateClientRequest, AuthenticateClientOk)?
        var get: (GetBoundProfilePackageRequest, GetBoundProfilePackageOk)?
    }

    init(_ base: any ES9PlusService) { self.base = base }

    /// The first complete download; nil until one completed.
    var session: RecordedES9PlusSession? { state.withLock { $0.session } }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        let response = try await base.initiateAuthentication(request)
        // A new download starts over: a failed one left only part of its calls.
        state.withLock { $0.partial = Partial(initiate: (request, response)) }
        return response
    }
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
        let response = try await base.authenticateClient(request)
        state.withLock { $0.partial.authenticate = (request, response) }
        return response
    }
    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
        let response = try await base.getBoundProfilePackage(request)
        state.withLock { $0.partial.get = (request, response) }
        return response
    }
    func handleNotification(_ request: HandleNotification) async throws {
        try await base.handleNotification(request)
        state.withLock { state in
            guard state.session == nil, let initiate = state.partial.initiate, let authenticate = state.partial.authenticate,
                  let get = state.partial.get
            else { return }
            state.session = RecordedES9PlusSession(
                initiate: initiate.0, initiated: initiate.1, authenticate: authenticate.0, authenticated: authenticate.1,
                get: get.0, package: get.1, notification: request)
        }
    }
    func cancelSession(_ request: CancelSessionRequestEs9) async throws { try await base.cancelSession(request) }
}

/// An SM-DP+ stand-in that answers every call with `session`'s answer, whatever the request: no
/// signature, no store, no BPP. Only for measuring what the HTTPS around the calls costs.
struct ReplayedES9PlusService: ES9PlusService {
    let session: RecordedES9PlusSession

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        session.initiated
    }
    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk { session.authenticated }
    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
        session.package
    }
    func handleNotification(_ request: HandleNotification) async throws {}
    func cancelSession(_ request: CancelSessionRequestEs9) async throws {}
}
