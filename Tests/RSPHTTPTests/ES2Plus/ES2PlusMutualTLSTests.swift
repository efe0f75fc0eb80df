import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import NIOCore
import RSPCore
import RSPCrypto
import RSPHTTP
import Synchronization
import Testing
import X509

/// ES2+ between an operator and the SM-DP+ on 127.0.0.1: mutual TLS with a generated PKI, the
/// operator presenting a CI-issued TLS client certificate.
@Suite("ES2+ over mutual TLS: the operator is known by its client certificate")
struct ES2PlusMutualTLSTests {
    static let pki: Result<RSPPKI, any Error> = Result { try RSPPKI.generate() }
    static let otherPKI: Result<RSPPKI, any Error> = Result { try RSPPKI.generate() }
    static let operatorIdentity: Result<RSPIdentity, any Error> = Result {
        try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OPERATOR-TEST-1", issuer: try pki.get().ci)
    }

    /// What the client passes; the server must replace the fingerprint with the certificate's.
    static let caller = ES2PlusCaller(
        functionRequesterIdentifier: "OPERATOR-TEST-1", functionCallIdentifier: "FCI-1", certificateFingerprint: [0xBA, 0xD])

    static func server(_ service: FakeES2PlusService, pki: RSPPKI) -> ES2PlusServer {
        ES2PlusServer(
            service: service, host: "127.0.0.1", port: 0, tls: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]),
            clientTrust: [pki.ci.certificate])
    }

    /// Runs `body` with a client of `server` presenting `identity`, shut down afterwards.
    static func withClient(
        _ server: ES2PlusServer, identity: RSPIdentity, trust: RSPPKI, _ body: @Sendable (ES2PlusHTTPClient) async throws -> Void
    ) async throws {
        let client = try ES2PlusHTTPClient(
            smdpAddress: "127.0.0.1:\(try await server.boundPort())", identity: identity, trust: .only([trust.ci.certificate]))
        do {
            try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    static func expectedCaller(_ callId: String = "FCI-1") throws -> ES2PlusCaller {
        ES2PlusCaller(
            functionRequesterIdentifier: "OPERATOR-TEST-1", functionCallIdentifier: callId,
            certificateFingerprint: try TLSClientCertificate.fingerprint(of: try operatorIdentity.get().certificate))
    }

    @Test("all four functions reach the service with the certificate's fingerprint and the header's identifiers")
    func roundTrip() async throws {
        let pki = try Self.pki.get()
        let service = try FakeES2PlusService()
        let server = Self.server(service, pki: pki)
        let iccid = try ICCID(digits: FakeES2PlusService.iccid)
        let eid = try EID(digits: FakeES2PlusService.eid)
        let download = DownloadOrderRequest(eid: eid, profileType: "TS48V5-SAIP2-3-NOBERTLV-UNIQUE")
        let confirm = ConfirmOrderRequest(
            iccid: iccid, eid: eid, matchingId: nil, confirmationCode: "1234", smdsAddress: "smds.example.com",
            rootSmdsAddress: "root.example.com", releaseFlag: false)
        let cancel = CancelOrderRequest(iccid: iccid, finalProfileStatusIndicator: .unavailable)
        let release = ReleaseProfileRequest(iccid: iccid)
        try await withRunningServices([server]) {
            try await Self.withClient(server, identity: try Self.operatorIdentity.get(), trust: pki) { client in
                #expect(try await client.downloadOrder(download, caller: Self.caller) == service.downloadOrderResponse)
                #expect(try await client.confirmOrder(confirm, caller: Self.caller) == service.confirmOrderResponse)
                try await client.cancelOrder(cancel, caller: Self.caller)
                try await client.releaseProfile(release, caller: Self.caller)
            }
        }
        let caller = try Self.expectedCaller()
        #expect(caller.certificateFingerprint.count == 32)
        #expect(await service.calls == [
            .downloadOrder(download, caller), .confirmOrder(confirm, caller), .cancelOrder(cancel, caller),
            .releaseProfile(release, caller),
        ])
    }

    @Test("a StatusCode thrown by the service is rendered as Failed with its code, HTTP 200, and thrown again by the client")
    func failedStatus() async throws {
        let pki = try Self.pki.get()
        let service = try FakeES2PlusService(failingWith: StatusCode.unknownICCID)
        let server = Self.server(service, pki: pki)
        try await withRunningServices([server]) {
            try await Self.withClient(server, identity: try Self.operatorIdentity.get(), trust: pki) { client in
                await #expect(throws: StatusCode.unknownICCID) {
                    try await client.releaseProfile(ReleaseProfileRequest(iccid: try ICCID(digits: FakeES2PlusService.iccid)), caller: Self.caller)
                }
                await #expect(throws: StatusCode.unknownICCID) {
                    _ = try await client.downloadOrder(DownloadOrderRequest(profileType: "T"), caller: Self.caller)
                }
                let raw = try await client.rawCall(
                    .releaseProfile, json: Array(#"{"header":{"functionRequesterIdentifier":"OPERATOR-TEST-1","functionCallIdentifier":"2"},"iccid":"8949449999999990171F"}"#.utf8))
                #expect(raw.status == 200)
                let body = try RSPJSON.decoder().decode(HeaderOnlyResponseBody.self, from: Data(raw.body))
                #expect(body.header.functionExecutionStatus.status == .failed)
                #expect(body.header.functionExecutionStatus.statusCodeData?.subjectCode == "8.2.1")
                #expect(body.header.functionExecutionStatus.statusCodeData?.reasonCode == "3.9")
            }
        }
        #expect(await service.calls.count == 3)
    }

    @Test("bad requests get their SGP.22 code in HTTP 200, never 500, and never reach the service", arguments: [
        (#"{"header":{"functionRequesterIdentifier":"OP","functionCallIdentifier":"1"},"iccid":"#, "1.1", "2.1"),
        (#"{"iccid":"8949449999999990171F"}"#, "1.1", "2.2"),
        (#"{"header":{"functionCallIdentifier":"1"},"iccid":"8949449999999990171F"}"#, "1.1", "2.2"),
        (#"{"header":{"functionRequesterIdentifier":"OP","functionCallIdentifier":"1"},"eid":"89049032123451234512345678901234","profileType":"T"}"#, "8.1.1", "2.1"),
        (#"{"header":{"functionRequesterIdentifier":"OP","functionCallIdentifier":"1"},"iccid":"12AB"}"#, "8.2.1", "2.1"),
        (#"{"header":{"functionRequesterIdentifier":"OP","functionCallIdentifier":"1"}}"#, "1.1", "2.2"),
    ])
    func badRequests(json: String, subject: String, reason: String) async throws {
        let pki = try Self.pki.get()
        let service = try FakeES2PlusService()
        let server = Self.server(service, pki: pki)
        try await withRunningServices([server]) {
            try await Self.withClient(server, identity: try Self.operatorIdentity.get(), trust: pki) { client in
                let raw = try await client.rawCall(.downloadOrder, json: Array(json.utf8))
                #expect(raw.status == 200)
                let status = try RSPJSON.decoder().decode(HeaderOnlyResponseBody.self, from: Data(raw.body)).header.functionExecutionStatus
                #expect(status.status == .failed)
                #expect(status.statusCodeData?.subjectCode == subject)
                #expect(status.statusCodeData?.reasonCode == reason)
            }
        }
        #expect(await service.calls.isEmpty)
    }

    @Test("a client without a certificate is refused by TLS and never reaches the service")
    func noClientCertificate() async throws {
        let pki = try Self.pki.get()
        let service = try FakeES2PlusService()
        let server = Self.server(service, pki: pki)
        try await withRunningServices([server]) {
            let port = try await server.boundPort()
            var configuration = HTTPClient.Configuration(tlsConfiguration: try RSPTLS.clientConfiguration(trust: .only([pki.ci.certificate])))
            configuration.connectionPool.retryConnectionEstablishment = false
            try await HTTPClient.withHTTPClient(configuration: configuration) { http in
                var request = HTTPClientRequest(url: "https://127.0.0.1:\(port)\(ES2PlusFunction.releaseProfile.path)")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "X-Admin-Protocol", value: "gsma/rsp/v2.2.2")
                request.body = .bytes(ByteBuffer(bytes: try Self.data("05-releaseProfile.req.json")))
                await #expect(throws: (any Error).self) {
                    let response = try await http.execute(request, timeout: .seconds(60))
                    _ = try await response.body.collect(upTo: 1 << 16)
                }
            }
        }
        #expect(await service.calls.isEmpty)
    }

    @Test("a client certificate from another CI is refused by TLS and never reaches the service")
    func otherCI() async throws {
        let pki = try Self.pki.get()
        let other = try Self.otherPKI.get()
        let stranger = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OPERATOR-TEST-1", issuer: other.ci)
        let service = try FakeES2PlusService()
        let server = Self.server(service, pki: pki)
        try await withRunningServices([server]) {
            // The client trusts the SM-DP+'s CI but presents a certificate of another CI.
            try await Self.withClient(server, identity: stranger, trust: pki) { client in
                await #expect(throws: ES9PlusHTTPClientError.self) {
                    try await client.releaseProfile(ReleaseProfileRequest(iccid: try ICCID(digits: FakeES2PlusService.iccid)), caller: Self.caller)
                }
            }
        }
        #expect(await service.calls.isEmpty)
    }

    /// A trust list the test edits while the server runs; `unreadable` makes reading it throw.
    final class TrustList: Sendable {
        struct Unreadable: Error {}
        private let state: Mutex<(certificates: [Certificate], unreadable: Bool)>
        init(_ certificates: [Certificate]) { state = Mutex((certificates, false)) }
        func set(_ certificates: [Certificate]) { state.withLock { $0.certificates = certificates } }
        func setUnreadable(_ unreadable: Bool) { state.withLock { $0.unreadable = unreadable } }
        func read() throws -> [Certificate] {
            try state.withLock { state in
                if state.unreadable { throw Unreadable() }
                return state.certificates
            }
        }
    }

    @Test("a CA trusted while the server runs admits its clients from their next connection; an unreadable list keeps the last one")
    func trustReadPerConnection() async throws {
        let pki = try Self.pki.get()
        let other = try Self.otherPKI.get()
        let newcomer = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OPERATOR-TEST-1", issuer: other.ci)
        let release = ReleaseProfileRequest(iccid: try ICCID(digits: FakeES2PlusService.iccid))
        let service = try FakeES2PlusService()
        let trust = TrustList([pki.ci.certificate])
        let server = ES2PlusServer(
            service: service, host: "127.0.0.1", port: 0, tls: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate])
        ) { try trust.read() }
        try await withRunningServices([server]) {
            // Each client opens its own connection, so each call is a new handshake.
            try await Self.withClient(server, identity: newcomer, trust: pki) { client in
                await #expect(throws: ES9PlusHTTPClientError.self) { try await client.releaseProfile(release, caller: Self.caller) }
            }
            #expect(await service.calls.isEmpty)

            trust.set([pki.ci.certificate, other.ci.certificate])
            try await Self.withClient(server, identity: newcomer, trust: pki) { client in
                try await client.releaseProfile(release, caller: Self.caller)
            }
            #expect(await service.calls.count == 1)

            // While the list cannot be read, the last one read stays in force: still this CA, nothing more.
            trust.setUnreadable(true)
            let stranger = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OPERATOR-TEST-1", issuer: try RSPPKI.generate().ci)
            try await Self.withClient(server, identity: newcomer, trust: pki) { client in
                try await client.releaseProfile(release, caller: Self.caller)
            }
            try await Self.withClient(server, identity: stranger, trust: pki) { client in
                await #expect(throws: ES9PlusHTTPClientError.self) { try await client.releaseProfile(release, caller: Self.caller) }
            }
            #expect(await service.calls.count == 2)

            // Removed from the list: refused again.
            trust.setUnreadable(false)
            trust.set([pki.ci.certificate])
            try await Self.withClient(server, identity: newcomer, trust: pki) { client in
                await #expect(throws: ES9PlusHTTPClientError.self) { try await client.releaseProfile(release, caller: Self.caller) }
            }
            #expect(await service.calls.count == 2)
        }
    }

    @Test("without a TLS session (in-process) a request is refused as an unknown requester, in SGP.22 JSON")
    func noTLSSession() async throws {
        let pki = try Self.pki.get()
        let service = try FakeES2PlusService()
        try await Self.server(service, pki: pki).makeApplication().test(.router) { client in
            let response = try await client.execute(
                uri: ES2PlusFunction.releaseProfile.path, method: .post, headers: ES9PlusRoutesTests.headers(),
                body: ByteBuffer(bytes: try Self.data("05-releaseProfile.req.json")))
            #expect(response.status == .ok)
            let code = try ES9PlusRoutesTests.failure(response)
            #expect(code.subjectCode == .functionRequester)
            #expect(code.reasonCode == .unknownIdentification)
        }
        #expect(await service.calls.isEmpty)
    }

    static func data(_ name: String) throws -> [UInt8] {
        Array(try ES2PlusRecordedBodiesTests.data(name))
    }
}
