import Foundation
import Hummingbird
import RSPCore
import RSPCrypto
import RSPHTTP
import Testing

/// The SM-DP+ reporting download progress to an operator (HandleDownloadProgressInfo) over HTTPS.
@Suite("ES2+ HandleDownloadProgressInfo callbacks")
struct ES2PlusCallbackTests {
    static var pki: Result<RSPPKI, any Error> { ES2PlusMutualTLSTests.pki }
    static let header = ES2PlusRequestHeader(functionRequesterIdentifier: "SMDP-TEST-1", functionCallIdentifier: "FCI-7-1")

    /// An operator receiving callbacks on plain TLS (or mutual TLS with `clientTrust`).
    static func receiver(_ service: any ES2PlusOperatorService, pki: RSPPKI, clientTrust: Bool = false) -> RSPServer {
        var tls = TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate])
        if clientTrust { tls.clientCertificateTrust = [pki.ci.certificate] }
        return RSPServer(routeGroups: [ES2PlusOperatorRoutes(service: service)], port: 0, tls: tls)
    }

    static func withCallbackClient(
        pki: RSPPKI, identity: RSPIdentity? = nil, _ body: @Sendable (ES2PlusCallbackHTTPClient) async throws -> Void
    ) async throws {
        let configuration = ES9PlusHTTPClient.Configuration(
            transport: .plainHTTP, connectTimeout: .seconds(5), requestTimeout: .seconds(10), userAgent: "test")
        let client = try ES2PlusCallbackHTTPClient(trust: .only([pki.ci.certificate]), identity: identity, configuration: configuration)
        do {
            try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    static func installed() throws -> HandleDownloadProgressInfoRequest {
        HandleDownloadProgressInfoRequest(
            eid: try EID(digits: FakeES2PlusService.eid), iccid: try ICCID(digits: FakeES2PlusService.iccid), profileType: "PT-1",
            timestamp: Date(timeIntervalSince1970: 1_795_262_401), notificationPointId: .bppInstallation,
            notificationPointStatus: .executedSuccess, resultData: [0xBF, 0x37, 0x03, 0x01, 0x02, 0x03])
    }

    static func refused() throws -> HandleDownloadProgressInfoRequest {
        HandleDownloadProgressInfoRequest(
            eid: nil, iccid: try ICCID(digits: "8949449999999990189"), profileType: "PT-2",
            timestamp: Date(timeIntervalSince1970: 1_795_262_402), notificationPointId: .confirmationFailure,
            notificationPointStatus: .failed(StatusCode.confirmationCodeRefused))
    }

    @Test("the operator receives exactly what the SM-DP+ sent, success and failure reports alike")
    func delivered() async throws {
        let pki = try Self.pki.get()
        let service = FakeES2PlusOperatorService()
        let receiver = Self.receiver(service, pki: pki)
        let sent = [try Self.installed(), try Self.refused()]
        try await withRunningServices([receiver]) {
            let url = "https://127.0.0.1:\(try await receiver.boundPort())"
            try await Self.withCallbackClient(pki: pki) { client in
                for request in sent {
                    try await client.handleDownloadProgressInfo(request, header: Self.header, url: url)
                }
            }
        }
        #expect(await service.reports == sent.map { FakeES2PlusOperatorService.Report(request: $0, header: Self.header) })
    }

    @Test("an operator requiring mutual TLS accepts the SM-DP+ with its client certificate, and only then")
    func mutualTLS() async throws {
        let pki = try Self.pki.get()
        let service = FakeES2PlusOperatorService()
        let receiver = Self.receiver(service, pki: pki, clientTrust: true)
        try await withRunningServices([receiver]) {
            let url = "https://127.0.0.1:\(try await receiver.boundPort())\(ES2PlusFunction.handleDownloadProgressInfo.path)"
            try await Self.withCallbackClient(pki: pki) { client in
                await #expect(throws: ES9PlusHTTPClientError.self) {
                    try await client.handleDownloadProgressInfo(try Self.installed(), header: Self.header, url: url)
                }
            }
            try await Self.withCallbackClient(pki: pki, identity: pki.dpTLS) { client in
                try await client.handleDownloadProgressInfo(try Self.installed(), header: Self.header, url: url)
            }
        }
        #expect(await service.reports.count == 1)
    }

    @Test("an operator answering Failed makes the call throw its StatusCode")
    func operatorFailed() async throws {
        let pki = try Self.pki.get()
        let receiver = Self.receiver(FakeES2PlusOperatorService(failingWith: StatusCode.unknownICCID), pki: pki)
        try await withRunningServices([receiver]) {
            let url = "https://127.0.0.1:\(try await receiver.boundPort())"
            try await Self.withCallbackClient(pki: pki) { client in
                await #expect(throws: StatusCode.unknownICCID) {
                    try await client.handleDownloadProgressInfo(try Self.installed(), header: Self.header, url: url)
                }
            }
        }
    }

    /// A receiver that fails every call with HTTP 500.
    struct Failing500Routes: RSPRouteGroup {
        func register(on router: Router<RSPRequestContext>, options: RSPServer.Options) {
            router.post(RouterPath(ES2PlusFunction.handleDownloadProgressInfo.path)) { _, _ in
                Response(status: .internalServerError)
            }
        }
    }

    @Test("an operator answering HTTP 500, or no operator at all, makes the call throw")
    func notDelivered() async throws {
        let pki = try Self.pki.get()
        let receiver = RSPServer(
            routeGroups: [Failing500Routes()], port: 0, tls: TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate]))
        try await withRunningServices([receiver]) {
            let url = "https://127.0.0.1:\(try await receiver.boundPort())"
            try await Self.withCallbackClient(pki: pki) { client in
                await #expect(throws: ES9PlusHTTPClientError.unexpectedHTTPStatus(function: "handleDownloadProgressInfo", status: 500)) {
                    try await client.handleDownloadProgressInfo(try Self.installed(), header: Self.header, url: url)
                }
            }
        }
        try await Self.withCallbackClient(pki: pki) { client in
            // Port 1 on loopback: nothing listens there.
            await #expect(throws: ES9PlusHTTPClientError.self) {
                try await client.handleDownloadProgressInfo(try Self.installed(), header: Self.header, url: "https://127.0.0.1:1")
            }
        }
    }

    @Test("callback URLs: https only; the function path is added when the URL has none")
    func endpoints() throws {
        #expect(try ES2PlusCallbackHTTPClient.endpoint(for: "https://op.example:8443")
            == "https://op.example:8443/gsma/rsp2/es2plus/handleDownloadProgressInfo")
        #expect(try ES2PlusCallbackHTTPClient.endpoint(for: "https://op.example/")
            == "https://op.example/gsma/rsp2/es2plus/handleDownloadProgressInfo")
        #expect(try ES2PlusCallbackHTTPClient.endpoint(for: "https://op.example/rsp/progress") == "https://op.example/rsp/progress")
        for url in ["http://op.example", "op.example", "https://", "https://user:pw@op.example", "https://op.example/?a=1", "ftp://x"] {
            #expect(throws: ES2PlusCallbackError.invalidURL(url)) { try ES2PlusCallbackHTTPClient.endpoint(for: url) }
        }
    }
}
