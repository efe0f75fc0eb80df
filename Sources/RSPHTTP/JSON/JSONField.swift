import Foundation
import RSPCore
import SwiftASN1

/// The field encodings of the SGP.22 JSON binding (§6.5.2): binary values are base64 of
/// their DER, transaction ids are hexadecimal.
///
/// Decoding functions take the optional field as received and throw the status code a
/// server returns for it: absent → 1.1/2.2 (mandatory element missing), present but not
/// base64, hex or the expected DER → 1.1/2.1 (invalid). A client turns those into a
/// malformed-response error instead (see `ES9PlusHTTPClient`).
public enum JSONField {
    // MARK: Decoding

    public static func required(_ value: String?, _ name: String) throws(StatusCode) -> String {
        guard let value else {
            throw StatusCode.mandatoryElementMissing.with(message: "Mandatory element missing: \(name)")
        }
        return value
    }

    public static func bytes(base64 value: String?, _ name: String) throws(StatusCode) -> [UInt8] {
        let text = try required(value, name)
        guard let data = Data(base64Encoded: text) else {
            throw StatusCode.malformedRequest.with(message: "\(name) is not valid base64")
        }
        return Array(data)
    }

    /// A DER value with its own tag, filling the whole field.
    public static func der<T: DERParseable>(_ type: T.Type, base64 value: String?, _ name: String) throws(StatusCode) -> T {
        let bytes = try bytes(base64: value, name)
        do {
            return try T(derBytes: bytes)
        } catch {
            throw StatusCode.malformedRequest.with(message: "\(name) is not a valid \(T.self)")
        }
    }

    /// A DER value carried with an implicit tag, e.g. a signature as its whole '5F37' data object.
    public static func der<T: DERImplicitlyTaggable>(
        _ type: T.Type, tag: ASN1Identifier, base64 value: String?, _ name: String
    ) throws(StatusCode) -> T {
        let bytes = try bytes(base64: value, name)
        do {
            return try DERReader.value(T.self, from: try DERStructure.validateSingle(bytes), in: bytes, identifier: tag)
        } catch {
            throw StatusCode.malformedRequest.with(message: "\(name) is not a valid \(T.self) tagged \(tag)")
        }
    }

    /// `TransactionId ::= OCTET STRING (SIZE(1..16))`, as hexadecimal text (SGP.22 §6.5.2).
    public static func transactionId(hex value: String?, _ name: String = "transactionId") throws(StatusCode) -> OctetString {
        let text = try required(value, name)
        guard let id = OctetString(hex: text), (1...16).contains(id.count) else {
            throw StatusCode.malformedRequest.with(message: "\(name) is not 1 to 16 bytes of hexadecimal")
        }
        return id
    }

    // MARK: Encoding

    public static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Base64 of a value's DER with its own tag.
    public static func base64DER(_ value: some DERSerializable) throws -> String {
        base64(try value.derEncoded())
    }

    /// Base64 of a value's DER under an implicit tag.
    public static func base64DER(_ value: some DERImplicitlyTaggable, tag: ASN1Identifier) throws -> String {
        var serializer = DER.Serializer()
        try value.serialize(into: &serializer, withIdentifier: tag)
        return base64(serializer.serializedBytes)
    }

    public static func hex(_ transactionId: OctetString) -> String {
        transactionId.hex
    }
}

extension ASN1Identifier {
    /// `[APPLICATION 55]`, tag '5F37': the signature data objects (serverSignature1,
    /// smdpSignature2, …) travel in JSON as this whole TLV (SGP.22 §6.5.2).
    static let signatureDataObject = ASN1Identifier.application(55)
}
