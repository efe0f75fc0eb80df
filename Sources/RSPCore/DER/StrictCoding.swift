import SwiftASN1

/// UTF8String fields of SGP.22 messages, decoded strictly: a string that is not valid
/// UTF-8 is a decode error (not silently repaired), so a decoded message re-encodes to the
/// bytes that were received.
public enum StrictCoding {
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

extension StrictCoding {
    /// Dotted text of an OBJECT IDENTIFIER for JSON renderings.
    ///
    /// swift-asn1 1.7.4's `description` splits the first encoded subidentifier by 40 alone, so
    /// `2.999.10` (the test SM-DP+ OID, encoded '88 37 0A') prints as "26.39.10". X.690 §8.19.4:
    /// a first subidentifier of 80 or more always means arc 2.
    public static func dottedString(_ oid: ASN1ObjectIdentifier) -> String {
        var components = oid.oidComponents
        if components.count >= 2, components[0] > 2 {
            let combined = components[0] * 40 + components[1]
            components[0] = 2
            components[1] = combined - 80
        }
        return components.map(String.init).joined(separator: ".")
    }
}
