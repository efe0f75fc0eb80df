import Crypto
import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import SwiftASN1

/// Binding a profile to one eUICC (SGP.22 §3.1.3.3 step "generate the BPP", §5.5 ES8+, §2.5 BSP).
///
/// Secrets stay inside this file's functions: the one-time private key, the session keys and the
/// PPKs are created, used and dropped here, never stored or logged.
extension SMDPPlus {
    /// Builds the Bound Profile Package for the eUICC's one-time key `euiccOtpk`:
    /// a fresh one-time key pair (otPK/otSK.DP.ECKA), the session keys (ECKA + KDF with our hostId
    /// and the EID), InitialiseSecureChannel signed with DPpb, then ConfigureISDP, StoreMetadata,
    /// ReplaceSessionKeys with fresh random PPKs, and the UPP, protected with BSP.
    func bindProfilePackage(
        profile: ProfileRecord, transactionId: TransactionID, eid: EID, euiccOtpk: [UInt8]
    ) throws -> BoundProfilePackage {
        let oneTimeKey = ECKA.oneTimeKey()
        let sessionKeys: SessionKeys
        do {
            sessionKeys = try SessionKeys.derive(
                oneTimePrivateKey: oneTimeKey, peerOneTimePublicKey: euiccOtpk, hostId: configuration.hostId, eid: eid.bytes)
        } catch {
            throw StatusCode.malformedRequest.with(message: "euiccOtpk is not an uncompressed P-256 public key")
        }
        let initialiseSecureChannel = try initialiseSecureChannelRequest(
            transactionId: transactionId, smdpOtpk: ECKA.uncompressed(oneTimeKey.publicKey), euiccOtpk: euiccOtpk)
        let contents = BoundProfilePackageContents(
            configureISDP: try configureISDPRequest().derEncoded(),
            storeMetadata: try storeMetadata(for: profile).derEncoded(),
            replaceSessionKeys: try replaceSessionKeysRequest().derEncoded(),
            profileElements: try personalisedUPP(for: profile))
        return try BoundProfilePackage.bind(
            initialiseSecureChannel: initialiseSecureChannel, sessionKeys: sessionKeys, contents: contents,
            maxPlaintextPerSegment: configuration.bppSegmentSize)
    }

    /// ES8+.InitialiseSecureChannel (§5.5.1): remoteOpId installBoundProfilePackage, the TransactionID,
    /// the CRT (AES '88', 16-byte keys, our hostId) and otPK.DP.ECKA, signed with DPpb over those TLVs
    /// as sent followed by '5F49' ‖ otPK.EUICC.ECKA (§2.6.7 / SignedData).
    func initialiseSecureChannelRequest(
        transactionId: TransactionID, smdpOtpk: [UInt8], euiccOtpk: [UInt8]
    ) throws -> InitialiseSecureChannelRequest {
        let remoteOpId = RemoteOpId.installBoundProfilePackage
        let crt = ControlRefTemplate(
            keyType: [BSPConstants.keyTypeAES], keyLen: [BSPConstants.keyLength], hostId: OctetString(configuration.hostId))
        var signedContent = DER.Serializer()
        try signedContent.serialize(remoteOpId)
        try transactionId.octetString.serialize(into: &signedContent, withIdentifier: .context(0))
        try crt.serialize(into: &signedContent, withIdentifier: .context(6))
        try OctetString(smdpOtpk).serialize(into: &signedContent, withIdentifier: .application(73))
        let smdpSign = try RSPSignature.sign(
            try SignedData.initialiseSecureChannelSmdpSign(
                signedContent: signedContent.serializedBytes, euiccOtpk: euiccOtpk),
            with: configuration.dpPb.privateKey)
        return InitialiseSecureChannelRequest(
            remoteOpId: remoteOpId, transactionId: transactionId.octetString, controlRefTemplate: crt,
            smdpOtpk: OctetString(smdpOtpk), smdpSign: OctetString(smdpSign.rawRepresentation))
    }

    /// ES8+.ConfigureISDP (§5.5.2) with DpProprietaryData naming this SM-DP+ (its OID).
    func configureISDPRequest() -> ConfigureISDPRequest {
        ConfigureISDPRequest(dpProprietaryData: DpProprietaryData(dpOid: configuration.smdpOID))
    }

    /// ES8+.ReplaceSessionKeys (§5.5.4): fresh random PPK-ENC, PPK-MAC and initial MAC chaining value
    /// for every download, so the profile is protected with keys no other BPP shares.
    func replaceSessionKeysRequest() -> ReplaceSessionKeysRequest {
        ReplaceSessionKeysRequest(
            initialMacChainingValue: OctetString(configuration.random(16)),
            ppkEnc: OctetString(configuration.random(16)),
            ppkCmac: OctetString(configuration.random(16)))
    }
}
