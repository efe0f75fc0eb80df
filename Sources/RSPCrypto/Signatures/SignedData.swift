import SwiftASN1

/// The exact byte strings SGP.22 signs, one small pure function per signature.
///
/// Every function takes DER bytes exactly as received (or as about to be sent), so a signature is
/// computed and verified over the peer's bytes, never over a re-encoding.
/// The 'signature data objects' appended to some inputs are `5F 37 40 ‖ r‖s`.
public enum SignedData {
    /// ES9+.InitiateAuthentication (SGP.22 §5.6.1, §3.1.2): serverSignature1 is computed over the
    /// DER of serverSigned1 ('30' ‖ L ‖ …), nothing else.
    public static func serverSignature1(serverSigned1: [UInt8]) -> [UInt8] {
        serverSigned1
    }

    /// ES10b.AuthenticateServer (SGP.22 §5.7.13): euiccSignature1 is computed over the DER of euiccSigned1.
    public static func euiccSignature1(euiccSigned1: [UInt8]) -> [UInt8] {
        euiccSigned1
    }

    /// ES9+.AuthenticateClient (SGP.22 §5.6.2, §3.1.3): smdpSignature2 is computed over
    /// smdpSigned2 ‖ '5F37' ‖ '40' ‖ euiccSignature1 (the eUICC's signature from AuthenticateServer).
    public static func smdpSignature2(smdpSigned2: [UInt8], euiccSignature1: [UInt8]) throws -> [UInt8] {
        smdpSigned2 + (try RSPSignature(rawRepresentation: euiccSignature1)).dataObject
    }

    /// ES10b.PrepareDownload (SGP.22 §5.7.5): euiccSignature2 is computed over
    /// euiccSigned2 ‖ '5F37' ‖ '40' ‖ smdpSignature2.
    public static func euiccSignature2(euiccSigned2: [UInt8], smdpSignature2: [UInt8]) throws -> [UInt8] {
        euiccSigned2 + (try RSPSignature(rawRepresentation: smdpSignature2)).dataObject
    }

    /// InitialiseSecureChannel (SGP.22 §5.5.2, §2.5.3): smdpSign is computed over the content of the
    /// InitialiseSecureChannelRequest from remoteOpId up to and including smdpOtpk (the '82', '80',
    /// 'A6' and '5F49' TLVs as encoded), followed by '5F49' ‖ '41' ‖ euiccOtpk.
    ///
    /// Use this form when building the request: `signedContent` is the concatenated TLVs to be sent.
    public static func initialiseSecureChannelSmdpSign(signedContent: [UInt8], euiccOtpk: [UInt8]) throws -> [UInt8] {
        signedContent + (try oneTimePublicKeyDataObject(euiccOtpk))
    }

    /// The same signed bytes, taken from a received InitialiseSecureChannelRequest TLV ('BF23' ‖ L ‖ …):
    /// returns the signed bytes and the smdpSign value (r‖s) found in the request.
    public static func initialiseSecureChannelSmdpSign(
        initialiseSecureChannelRequest tlv: [UInt8], euiccOtpk: [UInt8]
    ) throws -> (signedData: [UInt8], smdpSign: [UInt8]) {
        let parts = try initialiseSecureChannelParts(tlv)
        return (try initialiseSecureChannelSmdpSign(signedContent: parts.signedContent, euiccOtpk: euiccOtpk), parts.smdpSign)
    }

    /// Splits an InitialiseSecureChannelRequest TLV ('BF23') into the signed content (its TLVs from the
    /// first one up to and including the '5F49' smdpOtpk) and the smdpSign value of the '5F37' TLV.
    public static func initialiseSecureChannelParts(_ tlv: [UInt8]) throws -> (signedContent: [UInt8], smdpSign: [UInt8]) {
        let node: ASN1Node
        do {
            node = try DER.parse(tlv)
        } catch {
            throw SignatureError.malformedSignedMessage("InitialiseSecureChannelRequest: \(error)")
        }
        guard node.identifier == ASN1Identifier(tagWithNumber: 35, tagClass: .contextSpecific),
            case .constructed(let children) = node.content
        else {
            throw SignatureError.malformedSignedMessage("InitialiseSecureChannelRequest: expected 'BF23', found \(node.identifier)")
        }
        let smdpOtpkTag = ASN1Identifier(tagWithNumber: 73, tagClass: .application)
        let smdpSignTag = ASN1Identifier(tagWithNumber: 55, tagClass: .application)
        var signed = [UInt8]()
        var foundOtpk = false
        var smdpSign: [UInt8]?
        for child in children {
            if !foundOtpk {
                signed += child.encodedBytes
                if child.identifier == smdpOtpkTag { foundOtpk = true }
            } else if child.identifier == smdpSignTag, smdpSign == nil, case .primitive(let value) = child.content {
                smdpSign = Array(value)
            }
        }
        guard foundOtpk else {
            throw SignatureError.malformedSignedMessage("InitialiseSecureChannelRequest: no smdpOtpk '5F49'")
        }
        guard let smdpSign else {
            throw SignatureError.malformedSignedMessage("InitialiseSecureChannelRequest: no smdpSign '5F37' after smdpOtpk")
        }
        return (signed, smdpSign)
    }

    /// ES9+.HandleNotification / ProfileInstallationResult (SGP.22 §5.7.6, §3.1.3.3 / 3.5): euiccSignPIR is
    /// computed over the whole profileInstallationResultData TLV ('BF27' ‖ L ‖ …).
    public static func euiccSignPIR(profileInstallationResultData: [UInt8]) -> [UInt8] {
        profileInstallationResultData
    }

    /// OtherSignedNotification (SGP.22 §5.7.6 / §5.7.10): euiccNotificationSignature is computed over the
    /// DER of tbsOtherNotification (NotificationMetadata, 'BF2F' ‖ L ‖ …).
    public static func euiccNotificationSignature(tbsOtherNotification: [UInt8]) -> [UInt8] {
        tbsOtherNotification
    }

    /// ES10b.CancelSession (SGP.22 §5.7.14): euiccCancelSessionSignature is computed over the DER of
    /// euiccCancelSessionSigned.
    public static func euiccCancelSessionSignature(euiccCancelSessionSigned: [UInt8]) -> [UInt8] {
        euiccCancelSessionSigned
    }

    /// '5F49' ‖ '41' ‖ otPK: a one-time public key as a data object; the key must be an uncompressed
    /// P-256 point (65 bytes starting with '04').
    public static func oneTimePublicKeyDataObject(_ otpk: [UInt8]) throws -> [UInt8] {
        guard otpk.count == SignatureConstants.p256UncompressedPublicKeyLength, otpk.first == 0x04 else {
            throw SignatureError.malformedPublicKey("expected 65 bytes starting with 04, got \(otpk.count) bytes")
        }
        return SignatureConstants.oneTimePublicKeyTag + [UInt8(otpk.count)] + otpk
    }
}
