import AsyncHTTPClient
import Crypto
import Foundation
import HummingbirdTesting
import NIOCore
import RSPCore
import RSPCrypto
import RSPHTTP
import Testing
import X509

/// ES12 between an SM-DP+ and an SM-DS on 127.0.0.1: mutual TLS with a generated PKI.
@Suite("ES12 over mutual TLS: the SM-DP+ is known by its client certificate")
struct ES12MutualTLSTests {
    static let pki: Result<RSPPKI, any Error> = Result { try RSPPKI.generate() }
    static let otherPKI: Result<RSPPKI, any Error> = Result { try RSPPKI.generate() }

    static func registerRequest() throws -> RegisterEventRequest {
        RegisterEventRequest(
            eid: try EID(digits: ES12BodiesTests.eid), rspServerAddress: "smdp.example.com", eventId: "EVT-42",
            forwardingIndicator: false)
    }

    func server(_ service: FakeES12Service, pki: RSPPKI) -> ES12Server {
        ES12Server(
            service: service, host: "127.0.0.1", port: 0, tls: TLSOptions(identity: pki.dsTLS, chain: [pki.ci.certificate]),
            clientTrust: [pki.ci.certificate])
    }

    @Test("an SM-DP+ presenting CERT.DPtls registers and deletes an event; the service sees its OID as requester")
    func registerAndDelete() async throws {
        let pki = try Self.pki.get()
        let service = FakeES12Service()
        let server = server(service, pki: pki)
        let request = try Self.registerRequest()
        try await withRunningServices([server]) {
            let client = try ES12HTTPClient(
                smdsAddress: "127.0.0.1:\(try await server.boundPort())", identity: pki.dpTLS, trust: .only([pki.ci.certificate]))
            do {
                // The requester passed by the caller is not what the server sees.
                try await client.registerEvent(request, requester: ES12Requester(identity: "spoofed"))
                try await client.deleteEvent(DeleteEventRequest(eventId: "EVT-42"), requester: ES12Requester(identity: "spoofed"))
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
        // RSPOIDs.testSMDPRegisteredID, the subjectAltName registeredID of the generated CERT.DPtls.
        let smdp = ES12Requester(identity: "2.999.10")
        #expect(await service.calls == [.registerEvent(request, smdp), .deleteEvent(DeleteEventRequest(eventId: "EVT-42"), smdp)])
    }

    @Test("a Failed status from the SM-DS is thrown as its StatusCode")
    func failedStatus() async throws {
        let pki = try Self.pki.get()
        let server = server(FakeES12Service(failingWith: StatusCode.unknownEventRecord), pki: pki)
        try await withRunningServices([server]) {
            let client = try ES12HTTPClient(
                smdsAddress: "127.0.0.1:\(try await server.boundPort())", identity: pki.dpTLS, trust: .only([pki.ci.certificate]))
            await #expect(throws: StatusCode.unknownEventRecord) {
                try await client.deleteEvent(DeleteEventRequest(eventId: "nope"), requester: ES12Requester(identity: "x"))
            }
            try await client.shutdown()
        }
    }

    @Test("a CI-issued certificate without the DPtls role (an SM-DS's, an operator's) is refused with 1.1/1.2")
    func notAnSMDP() async throws {
        let pki = try Self.pki.get()
        let service = FakeES12Service()
        let server = server(service, pki: pki)
        let operatorIdentity = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "OPERATOR-1", issuer: pki.ci)
        try await withRunningServices([server]) {
            for identity in [pki.dsTLS, operatorIdentity] {
                let client = try ES12HTTPClient(
                    smdsAddress: "127.0.0.1:\(try await server.boundPort())", identity: identity, trust: .only([pki.ci.certificate]))
                let error = await #expect(throws: StatusCode.self) {
                    try await client.deleteEvent(DeleteEventRequest(eventId: "EVT-42"), requester: ES12Requester(identity: "x"))
                }
                #expect(error?.subjectCode == .functionRequester && error?.reasonCode == .notAllowed)
                try await client.shutdown()
            }
        }
        #expect(await service.calls.isEmpty)
    }

    @Test("a client without a certificate is refused by TLS and never reaches the service")
    func noClientCertificate() async throws {
        let pki = try Self.pki.get()
        let service = FakeES12Service()
        let server = server(service, pki: pki)
        try await withRunningServices([server]) {
            let port = try await server.boundPort()
            var configuration = HTTPClient.Configuration(tlsConfiguration: try RSPTLS.clientConfiguration(trust: .only([pki.ci.certificate])))
            configuration.connectionPool.retryConnectionEstablishment = false
            try await HTTPClient.withHTTPClient(configuration: configuration) { http in
                var request = HTTPClientRequest(url: "https://127.0.0.1:\(port)\(ES12Function.deleteEvent.path)")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "X-Admin-Protocol", value: "gsma/rsp/v2.2.2")
                request.body = .bytes(ByteBuffer(string: #"{"eventId":"EVT-42"}"#))
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
        let service = FakeES12Service()
        let server = server(service, pki: pki)
        try await withRunningServices([server]) {
            // The client trusts the server's CI but presents a certificate of another CI.
            let client = try ES12HTTPClient(
                smdsAddress: "127.0.0.1:\(try await server.boundPort())", identity: other.dpTLS, trust: .only([pki.ci.certificate]))
            await #expect(throws: (any Error).self) {
                try await client.registerEvent(try Self.registerRequest(), requester: ES12Requester(identity: "x"))
            }
            try await client.shutdown()
        }
        #expect(await service.calls.isEmpty)
    }

    @Test("without a TLS session (in-process) a request is refused as an unknown requester, in SGP.22 JSON")
    func noTLSSession() async throws {
        let pki = try Self.pki.get()
        let service = FakeES12Service()
        try await server(service, pki: pki).makeApplication().test(.router) { client in
            let body = try RSPJSON.encoder().encode(RegisterEventRequestBody(try Self.registerRequest()))
            let response = try await client.execute(
                uri: ES12Function.registerEvent.path, method: .post, headers: ES9PlusRoutesTests.headers(), body: ByteBuffer(bytes: body))
            let code = try ES9PlusRoutesTests.failure(response)
            #expect(code.subjectCode == .functionRequester)
            #expect(code.reasonCode == .unknownIdentification)
            // Header checks run first, as for ES9+.
            let noHeader = try await client.execute(
                uri: ES12Function.deleteEvent.path, method: .post, headers: ES9PlusRoutesTests.headers(adminProtocol: nil),
                body: ByteBuffer(string: #"{"eventId":"e"}"#))
            #expect(try ES9PlusRoutesTests.failure(noHeader).reasonCode == .mandatoryElementMissing)
        }
        #expect(await service.calls.isEmpty)
    }

    @Test("the requester is named by the subjectAltName registeredID, else by the subject")
    func requesterIdentity() throws {
        let pki = try Self.pki.get()
        #expect(TLSClientCertificate.identity(of: pki.dpTLS.certificate) == "2.999.10")
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName { CommonName("SM-DP+ without registeredID") }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey), notValidBefore: Date(),
            notValidAfter: Date(timeIntervalSinceNow: 3600), issuer: subject, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256, extensions: .init(), issuerPrivateKey: .init(key))
        #expect(TLSClientCertificate.identity(of: certificate) == String(describing: subject))
    }
}
