import LPA
import RSPCore

/// An SM-DP+ that answers from the recorded session, records what it receives, and fails
/// the functions a test tells it to.
actor FakeES9PlusServer: ES9PlusService {
    struct Unreachable: Error {}

    let log: CallLog
    var session: RecordedSession
    var offer: AuthenticateClientOk
    var failures: [ES9PlusFunction: any Error] = [:]
    /// How many more calls of a function fail (absent: every call, while it has a failure).
    var remainingFailures: [ES9PlusFunction: Int] = [:]

    private(set) var authenticateClientRequests: [AuthenticateClientRequest] = []
    private(set) var getBoundProfilePackageRequests: [GetBoundProfilePackageRequest] = []
    private(set) var notifications: [HandleNotification] = []
    private(set) var cancellations: [CancelSessionRequestEs9] = []

    init(session: RecordedSession, log: CallLog) {
        self.session = session
        self.offer = session.authenticateClient
        self.log = log
    }

    func fail(_ function: ES9PlusFunction, with error: any Error) { failures[function] = error }
    /// Fails only the next `times` calls of `function`.
    func fail(_ function: ES9PlusFunction, with error: any Error, times: Int) {
        failures[function] = error
        remainingFailures[function] = times
    }
    func setOffer(_ offer: AuthenticateClientOk) { self.offer = offer }

    private func enter(_ function: ES9PlusFunction) async throws {
        await log.record(function.rawValue)
        guard let error = failures[function] else { return }
        if let remaining = remainingFailures[function] {
            guard remaining > 0 else { return }
            remainingFailures[function] = remaining - 1
        }
        throw error
    }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        try await enter(.initiateAuthentication)
        return session.initiateAuthentication
    }

    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
        authenticateClientRequests.append(request)
        try await enter(.authenticateClient)
        return offer
    }

    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
        getBoundProfilePackageRequests.append(request)
        try await enter(.getBoundProfilePackage)
        return GetBoundProfilePackageOk(transactionId: session.transactionId, boundProfilePackage: session.bpp)
    }

    func handleNotification(_ request: HandleNotification) async throws {
        try await enter(.handleNotification)
        notifications.append(request)
    }

    func cancelSession(_ request: CancelSessionRequestEs9) async throws {
        cancellations.append(request)
        try await enter(.cancelSession)
    }
}
