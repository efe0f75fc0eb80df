import Crypto
import Foundation
import RSPCore
import RSPCrypto
import SwiftASN1
import X509

/// Why the test eUICC refused what the server sent: it produced something a real eUICC would reject.
public struct TestEUICCRefusal: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A minimal eUICC for the SM-DP+ and SM-DS tests, written with RSPCrypto primitives only (the real
/// EUICC module is tested separately): it does the eUICC's side of SGP.22 §3.1.2 / §3.1.3 / §3.6.2 —
/// checks the server's certificates and signatures, signs its own parts, agrees keys and opens the BPP.
public struct TestEUICC {
    public var identity: RSPIdentity
    public var eumCertificate: Certificate
    public var eid: EID
    /// The CI this eUICC trusts to verify servers.
    public var trustedCI: Certificate
    public var ciPKIdsForVerification: [[UInt8]]
    public var ciPKIdsForSigning: [[UInt8]]
    /// EUICCInfo1.svn: the lowest (for a v2 eUICC: the only) SGP.22 version it offers.
    public var svn: [UInt8] = [2, 2, 2]
    /// EUICCInfo1 highestSvn [19]: the highest version it offers; nil: `svn` only (a v2 eUICC).
    public var highestSvn: [UInt8]?
    /// EUICCInfo1 [PRIVATE 1]: its feature list; nil: none sent (a v2 eUICC).
    public var features: RSPFeatures?
    /// ctxParams1.operationType as sent in any session; nil: {profileDownload} in a session whose
    /// version has the field (as a v3 eUICC downloading does), nothing otherwise.
    public var operationType: BitString?
    /// Never sends operationType (relies on v3's default, profile download).
    public var omitsOperationType = false

    // Session state, as an eUICC keeps it between ES10b calls.
    public private(set) var euiccChallenge: [UInt8] = []
    public private(set) var transactionId: [UInt8] = []
    public private(set) var euiccSignature1: [UInt8] = []
    public private(set) var smdpSignature2: [UInt8] = []
    public private(set) var oneTimeKey: P256.KeyAgreement.PrivateKey?
    public private(set) var dpPbKey: P256.Signing.PublicKey?
    /// What the last AuthenticateServer (against an SM-DP+) concluded from serverSigned1.
    public private(set) var agreement: VersionNegotiation.Agreement?

    public init(identity: RSPIdentity, eum: Certificate, ci: Certificate, signingCI: Certificate? = nil) throws {
        self.identity = identity
        self.eumCertificate = eum
        let serial = identity.certificate.subject.attributes(RSPOIDs.serialNumberAttribute).first ?? ""
        self.eid = try EID(digits: serial)
        self.trustedCI = ci
        let ski = try requireValue(try ci.subjectKeyIdentifierBytes())
        self.ciPKIdsForVerification = [ski]
        self.ciPKIdsForSigning = [try requireValue(try (signingCI ?? ci).subjectKeyIdentifierBytes())]
    }

    public init(pki: RSPPKI) throws {
        try self.init(identity: pki.euicc, eum: pki.eum.certificate, ci: pki.ci.certificate)
    }

    /// Offers `range` in EUICCInfo1 (svn = its lowest; highestSvn = its highest when above) and,
    /// when given, a feature list.
    public mutating func offer(_ range: VersionRange, features: RSPFeatures? = nil) {
        svn = range.lowest.octetString.bytes
        highestSvn = range.highest > range.lowest ? range.highest.octetString.bytes : nil
        self.features = features
    }

    // MARK: ES10b.GetEUICCInfo / GetEUICCChallenge → ES9+.InitiateAuthentication

    public var euiccInfo1: EUICCInfo1 {
        EUICCInfo1(
            svn: OctetString(svn), euiccCiPKIdListForVerification: ciPKIdsForVerification.map(OctetString.init),
            euiccCiPKIdListForSigning: ciPKIdsForSigning.map(OctetString.init),
            highestSvn: highestSvn.map(OctetString.init), features: features?.bitString)
    }

    /// What the eUICC concludes from a (verified) serverSigned1, as a real one does
    /// (`VersionNegotiation.accept`): no sessionContext → its lowest version; a sessionContext →
    /// that version, refused (`TestEUICCRefusal`) unless it offered it above its lowest.
    public func sessionAgreement(_ signed: ServerSigned1) throws -> VersionNegotiation.Agreement {
        let range = try euiccInfo1.supportedVersions
        let context = signed.sessionContext
        do {
            return try VersionNegotiation.accept(
                serverVersion: try context.map { try SpecificationVersion($0.serverSvn) },
                serverFeatures: context?.features.map(RSPFeatures.init(bitString:)),
                device: range, deviceFeatures: features ?? range.highest.features)
        } catch {
            throw TestEUICCRefusal("sessionContext refused: \(error)")
        }
    }

    public mutating func initiateAuthenticationRequest(smdpAddress: String) -> InitiateAuthenticationRequest {
        euiccChallenge = (0..<16).map { _ in UInt8.random(in: 0...255) }
        return InitiateAuthenticationRequest(
            euiccChallenge: OctetString(euiccChallenge), smdpAddress: smdpAddress, euiccInfo1: euiccInfo1)
    }

    // MARK: ES10b.AuthenticateServer (§5.7.13)

    public mutating func authenticateServer(
        _ initiate: InitiateAuthenticationOkEs9, matchingId: String?, smdpAddress: String
    ) throws -> AuthenticateClientRequest {
        let (request, signature) = try authenticationResponse(initiate, matchingId: matchingId, serverRole: .dpAuth)
        transactionId = initiate.serverSigned1.value.transactionId.bytes
        euiccSignature1 = signature
        agreement = try sessionAgreement(initiate.serverSigned1.value)
        return request
    }

    /// ES10b.AuthenticateServer against an SM-DS (§3.6.2): CERT.DSauth.ECDSA instead of CERT.DPauth.ECDSA.
    public func authenticateSMDS(_ initiate: InitiateAuthenticationOkEs9, matchingId: String? = nil) throws -> AuthenticateClientRequest {
        try authenticationResponse(initiate, matchingId: matchingId, serverRole: .dsAuth).request
    }

    /// The eUICC's checks of the server (its `serverRole` certificate chaining to our CI, serverSignature1,
    /// the challenge) and its signed answer; returns euiccSignature1 too, which smdpSignature2 will cover.
    public func authenticationResponse(
        _ initiate: InitiateAuthenticationOkEs9, matchingId: String?, serverRole: CertificateRole
    ) throws -> (request: AuthenticateClientRequest, euiccSignature1: [UInt8]) {
        let serverCertificate = try Certificate(derEncoded: initiate.serverCertificate.derBytes)
        _ = try RSPChainValidator.validate(leaf: serverCertificate, trustAnchors: [trustedCI], role: serverRole)
        try RSPSignature.verify(
            rawSignature: initiate.serverSignature1.bytes,
            over: SignedData.serverSignature1(serverSigned1: initiate.serverSigned1.derBytes),
            publicKey: try serverCertificate.p256SigningKey())
        let signed = initiate.serverSigned1.value
        guard signed.euiccChallenge.bytes == euiccChallenge else { throw TestEUICCRefusal("euiccChallengeMismatch") }
        guard signed.transactionId == initiate.transactionId else { throw TestEUICCRefusal("transactionId mismatch") }
        // serverSigned1's sessionContext is covered by serverSignature1, verified above.
        let agreement = try sessionAgreement(signed)
        let operation: BitString? = omitsOperationType ? nil
            : operationType ?? (agreement.version.hasOperationType ? BitString(bits: [CtxParamsForCommonAuthentication.Operation.profileDownload.rawValue]) : nil)
        let euiccSigned1 = try Encoded(EuiccSigned1(
            transactionId: signed.transactionId, serverAddress: signed.serverAddress,
            serverChallenge: signed.serverChallenge, euiccInfo2: euiccInfo2,
            ctxParams1: .ctxParamsForCommonAuthentication(CtxParamsForCommonAuthentication(
                matchingId: matchingId,
                deviceInfo: DeviceInfo(tac: [0x35, 0x29, 0x06, 0x11], deviceCapabilities: DeviceCapabilities()),
                operationType: operation))))
        let signature = try RSPSignature.sign(
            SignedData.euiccSignature1(euiccSigned1: euiccSigned1.derBytes), with: identity.privateKey
        ).rawRepresentation
        let ok = AuthenticateResponseOk(
            euiccSigned1: euiccSigned1, euiccSignature1: OctetString(signature),
            euiccCertificate: try CertificateDER(derBytes: try identity.certificate.derBytes()),
            eumCertificate: try CertificateDER(derBytes: try eumCertificate.derBytes()))
        let request = AuthenticateClientRequest(
            transactionId: signed.transactionId, authenticateServerResponse: .authenticateResponseOk(ok))
        return (request, signature)
    }

    public var euiccInfo2: EUICCInfo2 {
        EUICCInfo2(
            profileVersion: [2, 3, 1], svn: OctetString(svn), euiccFirmwareVer: [1, 0, 0], extCardResource: [],
            uiccCapability: BitString(bits: [1, 4]), rspCapability: BitString(bits: [0]),
            euiccCiPKIdListForVerification: ciPKIdsForVerification.map(OctetString.init),
            euiccCiPKIdListForSigning: ciPKIdsForSigning.map(OctetString.init),
            ppVersion: [0, 0, 1], sasAcreditationNumber: "OPENRSP-TEST")
    }

    // MARK: ES10b.PrepareDownload (§5.7.5)

    public mutating func prepareDownload(_ authenticated: AuthenticateClientOk, confirmationCode: String? = nil) throws
        -> GetBoundProfilePackageRequest
    {
        let prepare = authenticated.prepareDownloadRequest
        let dpPb = try Certificate(derEncoded: prepare.smdpCertificate.derBytes)
        _ = try RSPChainValidator.validate(leaf: dpPb, trustAnchors: [trustedCI], role: .dpPb)
        let key = try dpPb.p256SigningKey()
        try RSPSignature.verify(
            rawSignature: prepare.smdpSignature2.bytes,
            over: try SignedData.smdpSignature2(smdpSigned2: prepare.smdpSigned2.derBytes, euiccSignature1: euiccSignature1),
            publicKey: key)
        guard prepare.smdpSigned2.value.transactionId.bytes == transactionId else {
            throw TestEUICCRefusal("invalidTransactionId")
        }
        dpPbKey = key
        smdpSignature2 = prepare.smdpSignature2.bytes
        let otSK = P256.KeyAgreement.PrivateKey()
        oneTimeKey = otSK
        var hashCc: OctetString?
        if prepare.smdpSigned2.value.ccRequiredFlag, let confirmationCode {
            let codeHash = Array(SHA256.hash(data: Array(confirmationCode.utf8)))
            hashCc = OctetString(Array(SHA256.hash(data: codeHash + transactionId)))
        }
        let euiccSigned2 = try Encoded(EUICCSigned2(
            transactionId: OctetString(transactionId), euiccOtpk: OctetString(ECKA.uncompressed(otSK.publicKey)),
            hashCc: hashCc))
        let signature = try RSPSignature.sign(
            try SignedData.euiccSignature2(euiccSigned2: euiccSigned2.derBytes, smdpSignature2: smdpSignature2),
            with: identity.privateKey)
        return GetBoundProfilePackageRequest(
            transactionId: OctetString(transactionId),
            prepareDownloadResponse: .downloadResponseOk(PrepareDownloadResponseOk(
                euiccSigned2: euiccSigned2, euiccSignature2: OctetString(signature.rawRepresentation))))
    }

    // MARK: ES10b.LoadBoundProfilePackage (§5.7.6)

    /// Checks InitialiseSecureChannel (transaction, CRT, smdpSign with DPpb), agrees the session keys
    /// with our one-time key and opens every segment.
    public func loadBoundProfilePackage(_ bpp: BoundProfilePackage) throws -> BoundProfilePackageContents {
        guard let oneTimeKey, let dpPbKey else { throw TestEUICCRefusal("noSessionContext") }
        let iscr = bpp.initialiseSecureChannelRequest
        guard iscr.remoteOpId == .installBoundProfilePackage else { throw TestEUICCRefusal("unsupportedRemoteOperationType") }
        guard iscr.transactionId.bytes == transactionId else { throw TestEUICCRefusal("invalidTransactionId") }
        let crt = iscr.controlRefTemplate
        guard crt.keyType.bytes == [0x88], crt.keyLen.bytes == [0x10] else { throw TestEUICCRefusal("unsupportedCrtValues") }
        let (signedData, smdpSign) = try SignedData.initialiseSecureChannelSmdpSign(
            initialiseSecureChannelRequest: try iscr.derEncoded(), euiccOtpk: ECKA.uncompressed(oneTimeKey.publicKey))
        try RSPSignature.verify(rawSignature: smdpSign, over: signedData, publicKey: dpPbKey)
        let keys = try SessionKeys.derive(
            oneTimePrivateKey: oneTimeKey, peerOneTimePublicKey: iscr.smdpOtpk.bytes, hostId: crt.hostId.bytes, eid: eid.bytes)
        return try bpp.open(sessionKeys: keys)
    }

    // MARK: Notifications and cancellation

    public func profileInstallationResult(
        seqNumber: Int, iccid: ICCID, smdpAddress: String, smdpOid: ASN1ObjectIdentifier?,
        finalResult: ProfileInstallationResultData.FinalResult? = nil, transactionId overriding: [UInt8]? = nil
    ) throws -> ProfileInstallationResult {
        let data = try Encoded(ProfileInstallationResultData(
            transactionId: OctetString(overriding ?? transactionId),
            notificationMetadata: NotificationMetadata(
                seqNumber: seqNumber, profileManagementOperation: NotificationEvent.notificationInstall.bitString,
                notificationAddress: smdpAddress, iccid: iccid),
            smdpOid: smdpOid,
            finalResult: finalResult ?? .successResult(SuccessResult(aid: [0xA0, 0, 0, 5, 0x59, 0x10, 0x10, 1], simaResponse: [0x30, 0x00]))))
        let signature = try RSPSignature.sign(
            SignedData.euiccSignPIR(profileInstallationResultData: data.derBytes), with: identity.privateKey)
        return ProfileInstallationResult(
            profileInstallationResultData: data, euiccSignPIR: OctetString(signature.rawRepresentation))
    }

    public func cancelSession(reason: CancelSessionReason, smdpOid: ASN1ObjectIdentifier) throws -> CancelSessionRequestEs9 {
        let signed = try Encoded(EuiccCancelSessionSigned(
            transactionId: OctetString(transactionId), smdpOid: smdpOid, reason: reason))
        let signature = try RSPSignature.sign(
            SignedData.euiccCancelSessionSignature(euiccCancelSessionSigned: signed.derBytes), with: identity.privateKey)
        return CancelSessionRequestEs9(
            transactionId: OctetString(transactionId),
            cancelSessionResponse: .cancelSessionResponseOk(CancelSessionResponseOk(
                euiccCancelSessionSigned: signed, euiccCancelSessionSignature: OctetString(signature.rawRepresentation))))
    }

    public func otherSignedNotification(
        seqNumber: Int, event: NotificationEvent, iccid: ICCID, smdpAddress: String
    ) throws -> OtherSignedNotification {
        let tbs = try Encoded(NotificationMetadata(
            seqNumber: seqNumber, profileManagementOperation: event.bitString, notificationAddress: smdpAddress, iccid: iccid))
        let signature = try RSPSignature.sign(
            SignedData.euiccNotificationSignature(tbsOtherNotification: tbs.derBytes), with: identity.privateKey)
        return OtherSignedNotification(
            tbsOtherNotification: tbs, euiccNotificationSignature: OctetString(signature.rawRepresentation),
            euiccCertificate: try CertificateDER(derBytes: try identity.certificate.derBytes()),
            eumCertificate: try CertificateDER(derBytes: try eumCertificate.derBytes()))
    }
}

/// Unwraps a value the test set-up needs (a missing one is a broken fixture).
public func requireValue<T>(_ value: T?, _ what: String = "value") throws -> T {
    guard let value else { throw TestEUICCRefusal("missing \(what)") }
    return value
}
