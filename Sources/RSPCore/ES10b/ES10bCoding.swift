import SwiftASN1

/// UTF8String fields of the ES10b messages, decoded strictly: a string that is not valid
/// UTF-8 is a decode error (not silently repaired), so a decoded message re-encodes to the
/// bytes that were received.
enum ES10bCoding {
    static func utf8String(_ node: ASN1Node, identifier: ASN1Identifier, field: String) throws -> String {
        let raw = try ASN1UTF8String(derEncoded: node, withIdentifier: identifier)
        guard let string = String(validating: raw.bytes, as: UTF8.self) else {
            throw ASN1Error.invalidASN1Object(reason: "\(field): not valid UTF-8")
        }
        return string
    }

    static func utf8String(
        _ nodes: inout ASN1NodeCollection.Iterator, identifier: ASN1Identifier, field: String
    ) throws -> String {
        try utf8String(nodes.required(field), identifier: identifier, field: field)
    }

    static func optionalUTF8String(
        _ nodes: inout ASN1NodeCollection.Iterator, identifier: ASN1Identifier, field: String
    ) throws -> String? {
        try DER.optionalImplicitlyTagged(&nodes, tagNumber: identifier.tagNumber, tagClass: identifier.tagClass) {
            try utf8String($0, identifier: identifier, field: field)
        }
    }

    static func serializeUTF8String(
        _ string: String, into coder: inout DER.Serializer, identifier: ASN1Identifier
    ) throws {
        try ASN1UTF8String(string).serialize(into: &coder, withIdentifier: identifier)
    }
}
