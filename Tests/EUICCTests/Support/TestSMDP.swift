import Crypto
import Foundation
import ProfilePackage
import RSPCore
import RSPCrypto
import RSPTestSupport
import SwiftASN1
import X509

@testable import EUICC

/// The server side of a download, built from a generated PKI with real signatures and a real BSP,
/// so the eUICC's checks run against genuine messages (and tests can break exactly one thing).
struct TestSMDP {
    let pki: RSPPKI
    let address = "smdp.openrsp.test"
    let transactionId: [UInt8] = Array(repeating: 0x5A, count: 16)
    let serverChallenge: [UInt8] = Array(0x10..<0x20)

    var ciPKId: [UInt8] { (try? pki.ci.certificate.subjectKeyIdentifierBytes()) ?? nil ?? [] }

    /// AuthenticateServerRequest for `challenge`, signed with CERT.DPauth's key (or `signer`).
    func authenticateServerRequest(
        challenge: [UInt8], transactionId: [UInt8]? = nil, ciPKId: [UInt8]? = nil, certificate: Certificate? = nil,
        signer: P256.Signing.PrivateKey? = nil, tamperSignature: Bool = false, sessionContext: SessionContext? = nil
    ) throws -> AuthenticateServerRequest {
        let signed = try Encoded(ServerSigned1(
            transactionId: OctetString(transactionId ?? self.transactionId), euiccChallenge: OctetString(challenge),
            serverAddress: address, serverChallenge: OctetString(serverChallenge), sessionContext: sessionContext))
        var signature = try RSPSignature.sign(signed.derBytes, with: signer ?? pki.dpAuth.privateKey).rawRepresentation
        if tamperSignature { signature[10] ^= 0x01 }
        return AuthenticateServerRequest(
            serverSigned1: signed, serverSignature1: OctetString(signature), euiccCiPKIdToBeUsed: OctetString(ciPKId ?? self.ciPKId),
            serverCertificate: try CertificateDER(derBytes: (certificate ?? pki.dpAuth.certificate).derBytes()),
            ctxParams1: Self.ctxParams1)
    }

    static let ctxParams1 = CtxParams1.ctxParamsForCommonAuthentication(CtxParamsForCommonAuthentication(
        matchingId: "OPENRSP-TEST", deviceInfo: DeviceInfo(tac: [0x35, 0x29, 0x06, 0x11], deviceCapabilities: DeviceCapabilities())))

    /// PrepareDownloadRequest answering `euiccSignature1`, signed with CERT.DPpb's key.
    func prepareDownloadRequest(
        euiccSignature1: [UInt8], transactionId: [UInt8]? = nil, ccRequired: Bool = false, hashCc: [UInt8]? = nil,
        certificate: Certificate? = nil
    ) throws -> PrepareDownloadRequest {
        let signed = try Encoded(SmdpSigned2(transactionId: OctetString(transactionId ?? self.transactionId), ccRequiredFlag: ccRequired))
        let signature = try RSPSignature.sign(
            try SignedData.smdpSignature2(smdpSigned2: signed.derBytes, euiccSignature1: euiccSignature1), with: pki.dpPb.privateKey)
        return PrepareDownloadRequest(
            smdpSigned2: signed, smdpSignature2: OctetString(signature.rawRepresentation), hashCc: hashCc.map(OctetString.init),
            smdpCertificate: try CertificateDER(derBytes: (certificate ?? pki.dpPb.certificate).derBytes()))
    }

    /// A Bound Profile Package for the eUICC's one-time key: InitialiseSecureChannel signed with DPpb,
    /// ConfigureISDP, StoreMetadata, ReplaceSessionKeys (PPK) and the UPP, bound with the real BSP.
    func boundProfilePackage(
        euiccOtpk: [UInt8], eid: EID, metadata: StoreMetadataRequest, upp: [UInt8], transactionId: [UInt8]? = nil,
        remoteOpId: RemoteOpId = .installBoundProfilePackage, segmentSize: Int = BSPConstants.maxPlaintextPerSegment
    ) throws -> BoundProfilePackage {
        let otSK = P256.KeyAgreement.PrivateKey()
        let hostId: [UInt8] = Array("openrsp".utf8)
        var request = InitialiseSecureChannelRequest(
            remoteOpId: remoteOpId, transactionId: OctetString(transactionId ?? self.transactionId),
            controlRefTemplate: ControlRefTemplate(keyType: [0x88], keyLen: [0x10], hostId: OctetString(hostId)),
            smdpOtpk: OctetString(ECKA.uncompressed(otSK.publicKey)), smdpSign: OctetString(Array(repeating: 0, count: 64)))
        let parts = try SignedData.initialiseSecureChannelParts(try request.derEncoded())
        request.smdpSign = OctetString(try RSPSignature.sign(
            try SignedData.initialiseSecureChannelSmdpSign(signedContent: parts.signedContent, euiccOtpk: euiccOtpk),
            with: pki.dpPb.privateKey).rawRepresentation)
        let keys = try SessionKeys.derive(oneTimePrivateKey: otSK, peerOneTimePublicKey: euiccOtpk, hostId: hostId, eid: eid.bytes)
        let replace = ReplaceSessionKeysRequest(
            initialMacChainingValue: OctetString(Array(repeating: 0x22, count: 16)),
            ppkEnc: OctetString(Array(repeating: 0x33, count: 16)), ppkCmac: OctetString(Array(repeating: 0x44, count: 16)))
        return try BoundProfilePackage.bind(
            initialiseSecureChannel: request, sessionKeys: keys,
            contents: BoundProfilePackageContents(
                configureISDP: try ConfigureISDPRequest(dpProprietaryData: DpProprietaryData(dpOid: RSPOIDs.testSMDPRegisteredID)).derEncoded(),
                storeMetadata: try metadata.derEncoded(), replaceSessionKeys: try replace.derEncoded(), profileElements: upp),
            maxPlaintextPerSegment: segmentSize)
    }

    /// Metadata for a profile with the given ICCID, notifications for every operation to this SM-DP+.
    func metadata(
        iccid: ICCID, name: String = "Test profile", profileClass: ProfileClass? = nil, pprs: [Int] = [],
        owner: OperatorID? = nil, notify: [NotificationEvent] = NotificationEvent.allCases
    ) -> StoreMetadataRequest {
        StoreMetadataRequest(
            iccid: iccid, serviceProviderName: "OpenRSP SP", profileName: name, profileClass: profileClass,
            notificationConfigurationInfo: notify.map {
                NotificationConfigurationInformation(profileManagementOperation: $0.bitString, notificationAddress: address)
            },
            profileOwner: owner, profilePolicyRules: pprs.isEmpty ? nil : BitString(bits: pprs))
    }
}

/// Real TS.48 profile packages with the header ICCID set to what a test needs.
enum ProfileFixtures {
    static func upp(iccid: ICCID) throws -> [UInt8] {
        var der = try Vectors.bytes("TS48V2-SAIP2-1-BERTLV-UNIQUE.der", in: Vectors.profiles)
        let package = try UnprotectedProfilePackage(der: der)
        let headerLength = package.elements[0].der.count
        guard let at = (0..<(headerLength - 12)).first(where: { der[$0] == 0x83 && der[$0 + 1] == 0x0A }) else {
            throw FixtureError.unexpected("no ICCID in the TS.48 profile header")
        }
        // The header stores the ICCID as plain BCD digits, 'F'-padded (SAIP ProfileHeader.iccid).
        let digits = Array((iccid.digits + String(repeating: "F", count: 20 - iccid.digits.count)).utf8)
        let plain = stride(from: 0, to: 20, by: 2).map { UInt8(hexDigit(digits[$0]) << 4 | hexDigit(digits[$0 + 1])) }
        der.replaceSubrange((at + 2)..<(at + 12), with: plain)
        return der
    }

    private static func hexDigit(_ c: UInt8) -> UInt8 { c >= UInt8(ascii: "A") ? c - UInt8(ascii: "A") + 10 : c - UInt8(ascii: "0") }

    static func iccid(_ n: Int) throws -> ICCID {
        try ICCID(digits: "894944000000000\(1000 + n)", checkLuhn: false)
    }
}
