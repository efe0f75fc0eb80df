import Crypto
import Foundation
import RSPCore
import RSPCrypto
import X509

/// Why the test eUICC refused what the SM-DS sent.
struct TestEUICCRefusal: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A minimal eUICC for the SM-DS tests, written with RSPCrypto primitives only: the eUICC's side
/// of the common mutual authentication (SGP.22 §3.1.2 as used by ES11, §3.6.2) — it checks
/// CERT.DSauth.ECDSA and serverSignature1, and signs euiccSigned1.
struct TestEUICC {
    var identity: RSPIdentity
    var eumCertificate: Certificate
    var eid: EID
    var trustedCI: Certificate
    var ciPKIdsForVerification: [[UInt8]]
    var ciPKIdsForSigning: [[UInt8]]
    var svn: [UInt8] = [2, 2, 2]
    private(set) var euiccChallenge: [UInt8] = []

    init(identity: RSPIdentity, eum: Certificate, ci: Certificate) throws {
        self.identity = identity
        self.eumCertificate = eum
        let serial = identity.certificate.subject.attributes(RSPOIDs.serialNumberAttribute).first ?? ""
        self.eid = try EID(digits: serial)
        self.trustedCI = ci
        let ski = try requireValue(try ci.subjectKeyIdentifierBytes())
        self.ciPKIdsForVerification = [ski]
        self.ciPKIdsForSigning = [ski]
    }

    init(pki: RSPPKI) throws {
        try self.init(identity: pki.euicc, eum: pki.eum.certificate, ci: pki.ci.certificate)
    }

    mutating func initiateAuthenticationRequest(address: String) -> InitiateAuthenticationRequest {
        euiccChallenge = (0..<16).map { _ in UInt8.random(in: 0...255) }
        return InitiateAuthenticationRequest(
            euiccChallenge: OctetString(euiccChallenge), smdpAddress: address,
            euiccInfo1: EUICCInfo1(
                svn: OctetString(svn), euiccCiPKIdListForVerification: ciPKIdsForVerification.map(OctetString.init),
                euiccCiPKIdListForSigning: ciPKIdsForSigning.map(OctetString.init)))
    }

    /// ES10b.AuthenticateServer (§5.7.13) against an SM-DS: CERT.DSauth.ECDSA must chain to our CI.
    func authenticateServer(_ initiate: InitiateAuthenticationOkEs9, matchingId: String? = nil) throws -> AuthenticateClientRequest {
        let serverCertificate = try Certificate(derEncoded: initiate.serverCertificate.derBytes)
        _ = try RSPChainValidator.validate(leaf: serverCertificate, trustAnchors: [trustedCI], role: .dsAuth)
        try RSPSignature.verify(
            rawSignature: initiate.serverSignature1.bytes,
            over: SignedData.serverSignature1(serverSigned1: initiate.serverSigned1.derBytes),
            publicKey: try serverCertificate.p256SigningKey())
        let signed = initiate.serverSigned1.value
        guard signed.euiccChallenge.bytes == euiccChallenge else { throw TestEUICCRefusal("euiccChallengeMismatch") }
        let euiccSigned1 = try Encoded(EuiccSigned1(
            transactionId: signed.transactionId, serverAddress: signed.serverAddress,
            serverChallenge: signed.serverChallenge, euiccInfo2: euiccInfo2,
            ctxParams1: .ctxParamsForCommonAuthentication(CtxParamsForCommonAuthentication(
                matchingId: matchingId,
                deviceInfo: DeviceInfo(tac: [0x35, 0x29, 0x06, 0x11], deviceCapabilities: DeviceCapabilities())))))
        let signature = try RSPSignature.sign(
            SignedData.euiccSignature1(euiccSigned1: euiccSigned1.derBytes), with: identity.privateKey
        ).rawRepresentation
        let ok = AuthenticateResponseOk(
            euiccSigned1: euiccSigned1, euiccSignature1: OctetString(signature),
            euiccCertificate: try CertificateDER(derBytes: try identity.certificate.derBytes()),
            eumCertificate: try CertificateDER(derBytes: try eumCertificate.derBytes()))
        return AuthenticateClientRequest(transactionId: signed.transactionId, authenticateServerResponse: .authenticateResponseOk(ok))
    }

    var euiccInfo2: EUICCInfo2 {
        EUICCInfo2(
            profileVersion: [2, 3, 1], svn: OctetString(svn), euiccFirmwareVer: [1, 0, 0], extCardResource: [],
            uiccCapability: BitString(bits: [1, 4]), rspCapability: BitString(bits: [0]),
            euiccCiPKIdListForVerification: ciPKIdsForVerification.map(OctetString.init),
            euiccCiPKIdListForSigning: ciPKIdsForSigning.map(OctetString.init),
            ppVersion: [0, 0, 1], sasAcreditationNumber: "OPENRSP-TEST")
    }
}

/// Unwraps a value the test set-up needs (a missing one is a broken fixture).
func requireValue<T>(_ value: T?, _ what: String = "value") throws -> T {
    guard let value else { throw TestEUICCRefusal("missing \(what)") }
    return value
}
