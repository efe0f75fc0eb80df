import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import RSPTestSupport
import SMDS
import SwiftASN1
import Testing

/// Version negotiation at the SM-DS (ES11): the same `ServerAuthentication.negotiate` as the
/// SM-DP+, recorded in the SM-DS session.
@Suite("SM-DS version negotiation (ES11)")
struct SMDSVersionNegotiationTests {
    static let matrix: [(device: String, server: String, expected: (version: String, announced: Bool)?)] = [
        ("2.2.2", "2.2.2", ("2.2.2", false)),
        ("2.2.2", "2.2.2-3.1.0", ("2.2.2", false)),
        ("2.2.2", "3.1.0", nil),
        ("2.2.2-3.1.0", "2.2.2", ("2.2.2", false)),
        ("2.2.2-3.1.0", "2.2.2-3.1.0", ("3.1.0", true)),
        ("2.2.2-3.1.0", "3.1.0", ("3.1.0", true)),
        ("3.0.0-3.1.0", "2.2.2", nil),
        ("3.0.0-3.1.0", "2.2.2-3.1.0", ("3.1.0", true)),
        ("3.0.0-3.1.0", "3.1.0", ("3.1.0", true)),
    ]

    static func euicc(_ env: SMDSTestEnvironment, offering range: String) throws -> TestEUICC {
        var euicc = try env.euicc()
        let versions = try VersionRange(parsing: range)
        euicc.offer(versions, features: versions.lowest == versions.highest ? nil : .all)
        return euicc
    }

    @Test("the 9-cell matrix: session at the expected version, sessionContext only when announced, or 8.8.3/3.1 and no session",
          arguments: 0..<9)
    func matrixCell(cell: Int) async throws {
        let (device, server, expected) = Self.matrix[cell]
        let env = try SMDSTestEnvironment(supportedVersions: try VersionRange(parsing: server))
        var euicc = try Self.euicc(env, offering: device)
        guard let expected else {
            await expectStatus(.unsupportedSVN) { _ = try await env.initiate(&euicc) }
            #expect(try await env.store.deleteExpiredSMDSSessions(before: .distantFuture) == 0)
            return
        }
        try await env.register("EVT-1", eid: euicc.eid)
        let initiated = try await env.initiate(&euicc)
        let context = initiated.serverSigned1.value.sessionContext
        #expect((context != nil) == expected.announced)
        #expect(try context.map { try SpecificationVersion($0.serverSvn).description } == (expected.announced ? expected.version : nil))
        let session = try requireValue(try await env.store.smdsSession(transactionId: TransactionID(initiated.transactionId)))
        #expect(session.negotiatedVersion?.description == expected.version)
        #expect(session.negotiatedFeatures == (expected.announced ? .all : .profileDownload))
        #expect(try euicc.sessionAgreement(initiated.serverSigned1.value).version.description == expected.version)
        let result = try await env.smds.authenticateClient(try euicc.authenticateSMDS(initiated))
        #expect(result.eventEntries.map(\.eventId) == ["EVT-1"])
    }

    @Test("a v2 EUICCInfo1 gets serverSigned1 without sessionContext under a 2.2.2-3.1.0 SM-DS")
    func v2Layout() async throws {
        let env = try SMDSTestEnvironment(supportedVersions: try VersionRange(parsing: "2.2.2-3.1.0"))
        var euicc = try env.euicc()
        let ok = try await env.initiate(&euicc)
        let signed = ok.serverSigned1.value
        #expect(signed.sessionContext == nil)
        let v2Form = ServerSigned1(
            transactionId: signed.transactionId, euiccChallenge: signed.euiccChallenge, serverAddress: signed.serverAddress,
            serverChallenge: signed.serverChallenge)
        #expect(try v2Form.derEncoded() == ok.serverSigned1.derBytes)
    }

    @Test("operationType: ignored in a v2 session; in a v3 one, an operation outside the negotiated features is refused")
    func operationType() async throws {
        // v2: ignored.
        var env = try SMDSTestEnvironment(supportedVersions: try VersionRange(parsing: "2.2.2-3.1.0"))
        var euicc = try env.euicc()
        euicc.operationType = BitString(bits: [1])
        _ = try await env.retrieveEvents(&euicc)
        // v3 with rpm negotiated: the SM-DS retrieves events.
        euicc = try Self.euicc(env, offering: "2.2.2-3.1.0")
        euicc.operationType = BitString(bits: [1])
        _ = try await env.retrieveEvents(&euicc)
        // v3 without rpm: refused, and the session ends.
        env = try SMDSTestEnvironment(supportedVersions: try VersionRange(parsing: "2.2.2-3.1.0"), features: [.profileDownload])
        euicc = try Self.euicc(env, offering: "2.2.2-3.1.0")
        euicc.operationType = BitString(bits: [1])
        let initiated = try await env.initiate(&euicc)
        let request = try euicc.authenticateSMDS(initiated)
        await expectStatus(.unsupportedFunction) { _ = try await env.smds.authenticateClient(request) }
        let session = try requireValue(try await env.store.smdsSession(transactionId: TransactionID(initiated.transactionId)))
        #expect(session.state == .failed)
    }

    @Test("the configuration defaults to 2.2.2 with its features and refuses features its versions cannot carry")
    func configuration() throws {
        let pki = try SMDSTestEnvironment.sharedPKI()
        let defaults = try SMDSConfiguration(address: SMDSTestEnvironment.address, dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate])
        #expect(defaults.supportedVersions == .openRSPDefault && defaults.features == nil)
        #expect(defaults.offeredFeatures == .profileDownload)
        #expect(throws: SMDSConfigurationError.self) {
            try SMDSConfiguration(
                address: SMDSTestEnvironment.address, dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate], features: [.rpm])
        }
        let v3 = try SMDSConfiguration(
            address: SMDSTestEnvironment.address, dsAuth: pki.dsAuth, trustedCIs: [pki.ci.certificate],
            supportedVersions: try VersionRange(parsing: "2.2.2-3.1.0"))
        #expect(v3.offeredFeatures == .all)
    }
}
