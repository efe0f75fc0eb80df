import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RSPCore
import RSPHTTP
import Synchronization
import Testing

/// ES9+ and ES11 on one listener, in-process against fake services: InitiateAuthentication by the
/// address the device names, AuthenticateClient by transaction, the rest to the SM-DP+.
@Suite("Shared device listener: ES9+ and ES11 routed by address, then by transaction")
struct SharedDeviceRoutesTests {
    static let smdsAddress = "smds.example.com:8443"

    /// The transaction lookup the caller provides: answers `role` (or throws `failure`) and records what it was asked.
    final class Lookup: Sendable {
        private let state = Mutex<[TransactionID]>([])
        let role: SharedDeviceRoutes.Role
        let failure: (any Error & Sendable)?

        init(_ role: SharedDeviceRoutes.Role, failingWith failure: (any Error & Sendable)? = nil) {
            self.role = role
            self.failure = failure
        }

        var asked: [TransactionID] { state.withLock { $0 } }

        func callAsFunction(_ transactionId: TransactionID) throws -> SharedDeviceRoutes.Role {
            state.withLock { $0.append(transactionId) }
            if let failure { throw failure }
            return role
        }
    }

    struct Services {
        let smdp = FakeES9PlusService(failingWith: nil)
        let smds = FakeES11Service()
    }

    func withServer(
        _ services: Services, lookup: Lookup,
        _ test: @Sendable @escaping (any TestClientProtocol) async throws -> Void
    ) async throws {
        let routes = SharedDeviceRoutes(smdp: services.smdp, smds: services.smds, smdsAddress: Self.smdsAddress) { try lookup($0) }
        try await RSPServer(routeGroups: [routes], port: 0, tls: nil).makeApplication().test(.router, test)
    }

    static func post(_ client: any TestClientProtocol, _ function: ES9PlusFunction, body: Data) async throws -> TestResponse {
        try await client.execute(uri: function.path, method: .post, headers: ES9PlusRoutesTests.headers(), body: ByteBuffer(bytes: body))
    }

    /// The recorded InitiateAuthentication naming `address`.
    static func initiateBody(naming address: String) throws -> Data {
        var object = try RecordedSession.object(try RecordedSession.data(RecordedSession.initiateRequest))
        object["smdpAddress"] = address
        return try JSONSerialization.data(withJSONObject: object)
    }

    static var recordedTransaction: TransactionID {
        get throws { try TransactionID(try ES11RoutesTests.authenticateRequest().transactionId) }
    }

    // MARK: InitiateAuthentication by address

    @Test("InitiateAuthentication naming the SM-DS address, in any case, goes to the SM-DS", arguments: [
        smdsAddress, "SMDS.Example.COM:8443",
    ])
    func initiateToSMDS(address: String) async throws {
        let services = Services()
        let lookup = Lookup(.smdp)
        try await withServer(services, lookup: lookup) { client in
            let response = try await Self.post(client, .initiateAuthentication, body: try Self.initiateBody(naming: address))
            #expect(try ES9PlusRoutesTests.status(response).status == .executedSuccess)
            let body = Data(response.body.readableBytesView)
            #expect(try RecordedSession.stringFields(body) == (try RecordedSession.stringFields(try RecordedSession.data(RecordedSession.initiateResponse))))
        }
        let calls = await services.smds.calls
        #expect(calls.count == 1)
        if case .initiateAuthentication(let request) = calls.first { #expect(request.smdpAddress == address) }
        #expect(await services.smdp.calls.isEmpty)
        #expect(lookup.asked.isEmpty)
    }

    @Test("InitiateAuthentication naming any other address goes to the SM-DP+", arguments: [
        "testsmdpplus1.example.com", "smds.example.com", "smds.example.com:8444", "other.example.com:8443",
    ])
    func initiateToSMDP(address: String) async throws {
        let services = Services()
        try await withServer(services, lookup: Lookup(.smds)) { client in
            let response = try await Self.post(client, .initiateAuthentication, body: try Self.initiateBody(naming: address))
            #expect(try ES9PlusRoutesTests.status(response).status == .executedSuccess)
        }
        let calls = await services.smdp.calls
        #expect(calls.count == 1)
        if case .initiateAuthentication(let request) = calls.first { #expect(request.smdpAddress == address) }
        #expect(await services.smds.calls.isEmpty)
    }

    @Test("the SM-DP+'s own address check answers a stranger: its status is rendered")
    func strangerAddress() async throws {
        let services = Services()
        await services.smdp.fail(with: StatusCode.invalidSMDPAddress)
        try await withServer(services, lookup: Lookup(.smdp)) { client in
            let response = try await Self.post(client, .initiateAuthentication, body: try Self.initiateBody(naming: "third.example.com"))
            #expect(try ES9PlusRoutesTests.failure(response) == StatusCode.invalidSMDPAddress)
        }
        #expect(await services.smds.calls.isEmpty)
    }

    // MARK: AuthenticateClient by transaction

    @Test("AuthenticateClient of an SM-DS session goes to the SM-DS and answers its events")
    func authenticateToSMDS() async throws {
        let services = Services()
        let lookup = Lookup(.smds)
        try await withServer(services, lookup: lookup) { client in
            let response = try await Self.post(client, .authenticateClient, body: try RecordedSession.data(RecordedSession.authenticateRequest))
            #expect(try ES9PlusRoutesTests.status(response).status == .executedSuccess)
            let body = try RSPJSON.decoder().decode(AuthenticateClientEs11ResponseBody.self, from: Data(response.body.readableBytesView))
            #expect(try body.message().eventEntries == FakeES11Service.events)
        }
        #expect(await services.smds.calls == [.authenticateClient(try ES11RoutesTests.authenticateRequest())])
        #expect(await services.smdp.calls.isEmpty)
        #expect(lookup.asked == [try Self.recordedTransaction])
    }

    @Test("AuthenticateClient of an SM-DP+ session goes to the SM-DP+ and answers the download's metadata")
    func authenticateToSMDP() async throws {
        let services = Services()
        let lookup = Lookup(.smdp)
        try await withServer(services, lookup: lookup) { client in
            let response = try await Self.post(client, .authenticateClient, body: try RecordedSession.data(RecordedSession.authenticateRequest))
            #expect(try ES9PlusRoutesTests.status(response).status == .executedSuccess)
            let body = Data(response.body.readableBytesView)
            #expect(try RecordedSession.stringFields(body) == (try RecordedSession.stringFields(try RecordedSession.data(RecordedSession.authenticateResponse))))
        }
        #expect(await services.smdp.calls == [.authenticateClient(try ES11RoutesTests.authenticateRequest())])
        #expect(await services.smds.calls.isEmpty)
        #expect(lookup.asked == [try Self.recordedTransaction])
    }

    @Test("an unknown transaction goes to the SM-DP+, which answers 8.10.1/3.9")
    func unknownTransaction() async throws {
        let services = Services()
        await services.smdp.fail(with: StatusCode.unknownTransactionID)
        try await withServer(services, lookup: Lookup(.smdp)) { client in
            let response = try await Self.post(client, .authenticateClient, body: try RecordedSession.data(RecordedSession.authenticateRequest))
            #expect(try ES9PlusRoutesTests.failure(response) == StatusCode.unknownTransactionID)
        }
        #expect(await services.smdp.calls.count == 1)
        #expect(await services.smds.calls.isEmpty)
    }

    @Test("a failing transaction lookup is 1.2/4.2, never HTTP 500, and no service is called")
    func lookupFails() async throws {
        struct StoreDown: Error {}
        let services = Services()
        try await withServer(services, lookup: Lookup(.smds, failingWith: StoreDown())) { client in
            let response = try await Self.post(client, .authenticateClient, body: try RecordedSession.data(RecordedSession.authenticateRequest))
            let code = try ES9PlusRoutesTests.failure(response)
            #expect(code.subjectCode == .functionProvider)
            #expect(code.reasonCode == .executionError)
        }
        #expect(await services.smdp.calls.isEmpty)
        #expect(await services.smds.calls.isEmpty)
    }

    // MARK: The rest

    @Test("getBoundProfilePackage, handleNotification and cancelSession go to the SM-DP+, whatever the SM-DS knows")
    func downloadFunctions() async throws {
        let services = Services()
        let lookup = Lookup(.smds)
        try await withServer(services, lookup: lookup) { client in
            let bpp = try await Self.post(client, .getBoundProfilePackage, body: try RecordedSession.data(RecordedSession.bppRequest))
            #expect(try ES9PlusRoutesTests.status(bpp).status == .executedSuccess)
            let notification = try await Self.post(
                client, .handleNotification, body: try RecordedSession.data(RecordedSession.notificationRequest))
            #expect(notification.status == .noContent)
            let cancel = try await Self.post(client, .cancelSession, body: Data(#"{"transactionId":"0102","cancelSessionResponse":"v0EDgQEB"}"#.utf8))
            #expect(try ES9PlusRoutesTests.status(cancel).status == .executedSuccess)
        }
        #expect(await services.smdp.calls.count == 3)
        #expect(await services.smds.calls.isEmpty)
        #expect(lookup.asked.isEmpty)
    }

    @Test("malformed bodies get the SGP.22 errors of separate listeners and reach no service", arguments: [
        (ES9PlusFunction.initiateAuthentication, "not json", "2.1"),
        (.initiateAuthentication, "{}", "2.2"),
        (.initiateAuthentication, #"{"euiccChallenge":"AAAA","euiccInfo1":"AAAA","smdpAddress":"smds.example.com:8443"}"#, "2.1"),
        (.initiateAuthentication, #"{"euiccChallenge":"AAAA","euiccInfo1":"AAAA","smdpAddress":"other.example.com"}"#, "2.1"),
        (.initiateAuthentication, #"{"euiccChallenge":"sAAdkVfDkZAlU5N9U4jasw==","euiccInfo1":"vyA="}"#, "2.1"),
        (.authenticateClient, "not json", "2.1"),
        (.authenticateClient, #"{"transactionId":"01"}"#, "2.2"),
        (.authenticateClient, #"{"authenticateServerResponse":"AAAA"}"#, "2.2"),
        (.authenticateClient, #"{"transactionId":"xyz","authenticateServerResponse":"AAAA"}"#, "2.1"),
        (.authenticateClient, #"{"transactionId":"01","authenticateServerResponse":"AAAA"}"#, "2.1"),
        (.authenticateClient, #"{"transactionId":7}"#, "2.1"),
    ])
    func malformedBodies(function: ES9PlusFunction, body: String, reason: String) async throws {
        for role in [SharedDeviceRoutes.Role.smdp, .smds] {
            let services = Services()
            try await withServer(services, lookup: Lookup(role)) { client in
                let response = try await Self.post(client, function, body: Data(body.utf8))
                #expect(response.status == .ok)
                let code = try ES9PlusRoutesTests.failure(response)
                #expect(code.subjectCode == .functionRequester)
                #expect(code.reasonCode.rawValue == reason, "\(role)")
            }
            #expect(await services.smdp.calls.isEmpty)
            #expect(await services.smds.calls.isEmpty)
        }
    }

    @Test("routing decisions: address case-insensitive, a transaction that is no TransactionID goes to the SM-DP+")
    func roles() async throws {
        let lookup = Lookup(.smds)
        let routes = SharedDeviceRoutes(smdp: FakeES9PlusService(), smds: FakeES11Service(), smdsAddress: "127.0.0.1:8443") { try lookup($0) }
        #expect(routes.role(forAddress: "127.0.0.1:8443") == .smds)
        #expect(routes.role(forAddress: "localhost:8443") == .smdp)
        #expect(routes.role(forAddress: nil) == .smdp)
        #expect(try await routes.role(forTransaction: "a136") == .smds)
        #expect(try await routes.role(forTransaction: "zz") == .smdp)
        #expect(try await routes.role(forTransaction: "") == .smdp)
        #expect(try await routes.role(forTransaction: nil) == .smdp)
        #expect(lookup.asked == [try TransactionID(hex: "A136")])
    }
}
