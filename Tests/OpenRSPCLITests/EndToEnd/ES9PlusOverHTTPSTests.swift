import Foundation
import RSPCore
import RSPCrypto
import RSPHTTP
import Testing

@testable import OpenRSPCLI

/// ES9+ checks seen from the wire: the real HTTPS client against the real server, with the
/// software eUICC producing the signed messages a hostile or broken LPA then replays or tampers with.
@Suite("End to end over HTTPS: ES9+ refuses replays and forgeries", .serialized)
struct ES9PlusOverHTTPSTests {
    /// InitiateAuthentication then the eUICC's AuthenticateServer, for an order of `deployment`.
    func authenticatedServerResponse(
        _ deployment: LoopbackDeployment, client: ES9PlusHTTPClient
    ) async throws -> (OctetString, AuthenticateServerResponse) {
        let (_, code) = try await deployment.order(profile: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"))
        let isdr = deployment.card.isdr
        let challenge = await isdr.getEuiccChallenge().euiccChallenge
        let initiated = try await client.initiateAuthentication(InitiateAuthenticationRequest(
            euiccChallenge: challenge, smdpAddress: deployment.smdpAddress, euiccInfo1: await isdr.getEUICCInfo1()))
        let response = await isdr.authenticateServer(AuthenticateServerRequest(
            serverSigned1: initiated.serverSigned1, serverSignature1: initiated.serverSignature1,
            euiccCiPKIdToBeUsed: initiated.euiccCiPKIdToBeUsed, serverCertificate: initiated.serverCertificate,
            ctxParams1: .ctxParamsForCommonAuthentication(CtxParamsForCommonAuthentication(
                matchingId: code.matchingID, deviceInfo: LPAConnection.deviceInfo))))
        return (initiated.transactionId, response)
    }

    func withClient<T>(_ deployment: LoopbackDeployment, _ body: (ES9PlusHTTPClient) async throws -> T) async throws -> T {
        let client = try ES9PlusHTTPClient(
            smdpAddress: deployment.smdpAddress,
            configuration: .init(transport: .https(trust: .only([deployment.pki.ci.certificate]))))
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    @Test("a replayed AuthenticateClient is refused with 8.10.1/3.9")
    func replayedAuthenticateClient() async throws {
        try await withDeployment { deployment in
            try await withClient(deployment) { client in
                let (transactionId, response) = try await authenticatedServerResponse(deployment, client: client)
                let request = AuthenticateClientRequest(transactionId: transactionId, authenticateServerResponse: response)
                _ = try await client.authenticateClient(request)
                await expectServerStatus(.unknownTransactionID) { _ = try await client.authenticateClient(request) }
            }
        }
    }

    @Test("a tampered euiccSignature1 is refused with 8.1/6.1")
    func tamperedEuiccSignature1() async throws {
        try await withDeployment { deployment in
            try await withClient(deployment) { client in
                let (transactionId, response) = try await authenticatedServerResponse(deployment, client: client)
                guard case .authenticateResponseOk(var ok) = response else {
                    Issue.record("the eUICC refused the server: \(response)")
                    return
                }
                ok.euiccSignature1.bytes[10] ^= 0x40
                await expectServerStatus(.euiccSignatureInvalid) {
                    _ = try await client.authenticateClient(AuthenticateClientRequest(
                        transactionId: transactionId, authenticateServerResponse: .authenticateResponseOk(ok)))
                }
            }
        }
    }

    @Test("an eUICC certificate from a foreign CI is refused with 8.1.3/6.1 or 8.11.1/3.9, never accepted")
    func foreignCIEUICCCertificate() async throws {
        try await withDeployment { deployment in
            try await withClient(deployment) { client in
                let (transactionId, response) = try await authenticatedServerResponse(deployment, client: client)
                guard case .authenticateResponseOk(var ok) = response else {
                    Issue.record("the eUICC refused the server: \(response)")
                    return
                }
                // A complete, self-consistent chain from another CI, signing the same euiccSigned1.
                let foreign = try RSPPKI.generate()
                ok.euiccCertificate = try CertificateDER(derBytes: try foreign.euicc.certificate.derBytes())
                ok.eumCertificate = try CertificateDER(derBytes: try foreign.eum.certificate.derBytes())
                ok.euiccSignature1 = OctetString(try RSPSignature.sign(ok.euiccSigned1.derBytes, with: foreign.euicc.privateKey).rawRepresentation)
                let request = AuthenticateClientRequest(transactionId: transactionId, authenticateServerResponse: .authenticateResponseOk(ok))
                do {
                    _ = try await client.authenticateClient(request)
                    Issue.record("a foreign-CI eUICC was accepted")
                } catch let status as StatusCode {
                    #expect([StatusCode.unknownCIPublicKey, .euiccCertificateInvalid, .eumCertificateInvalid].contains {
                        $0.subjectCode == status.subjectCode && $0.reasonCode == status.reasonCode
                    }, "got \(status)")
                }
            }
        }
    }

    @Test("a TLS client that does not trust the SM-DP+'s CI cannot connect")
    func untrustedServer() async throws {
        try await withDeployment { deployment in
            let stranger = try RSPPKI.generate()
            let client = try ES9PlusHTTPClient(
                smdpAddress: deployment.smdpAddress,
                configuration: .init(transport: .https(trust: .only([stranger.ci.certificate]))))
            await #expect(throws: (any Error).self) {
                _ = try await client.initiateAuthentication(InitiateAuthenticationRequest(
                    euiccChallenge: OctetString([UInt8](repeating: 1, count: 16)), smdpAddress: deployment.smdpAddress,
                    euiccInfo1: await deployment.card.isdr.getEUICCInfo1()))
            }
            try await client.shutdown()
        }
    }
}
