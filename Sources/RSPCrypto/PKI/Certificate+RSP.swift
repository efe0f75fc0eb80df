import Foundation
import RSPCore
import SwiftASN1
import X509

/// Read-only views of the SGP.22-relevant parts of a certificate.
///
/// Each throws when the extension is present but malformed, and returns nil when absent.
extension Certificate {
    /// The `id-rspRole-*` policies of the certificatePolicies extension (unknown policies dropped).
    public func rspRoles() throws -> [CertificateRole] {
        guard let ext = extensions[oid: RSPOIDs.certificatePolicies] else { return [] }
        return try CertificatePoliciesExtension(ext).policyIdentifiers.compactMap(CertificateRole.init(policyOID:))
    }

    /// The SubjectKeyIdentifier bytes; for a CI this is the `euiccCiPKId` / `subjectKeyIdentifier`
    /// that SGP.22 uses to name the CI (§2.6.7.1, `euiccCiPKIdListForVerification`).
    public func subjectKeyIdentifierBytes() throws -> [UInt8]? {
        try extensions.subjectKeyIdentifier.map { Array($0.keyIdentifier) }
    }

    /// The AuthorityKeyIdentifier `keyIdentifier` bytes.
    public func authorityKeyIdentifierBytes() throws -> [UInt8]? {
        try extensions.authorityKeyIdentifier?.keyIdentifier.map { Array($0) }
    }

    /// The string values of all subject attributes of the given type, in order.
    public func subjectAttributes(_ type: ASN1ObjectIdentifier) -> [String] {
        subject.attributes(type)
    }

    /// The DER encoding of the certificate.
    public func derBytes() throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(self)
        return serializer.serializedBytes
    }

    /// Parses a certificate given as PEM text or DER bytes.
    public static func parse(pemOrDER bytes: [UInt8]) throws -> Certificate {
        if let text = String(bytes: bytes, encoding: .utf8), text.contains("-----BEGIN") {
            return try Certificate(pemEncoded: text)
        }
        return try Certificate(derEncoded: bytes)
    }
}

extension DistinguishedName {
    /// The string values of all attributes of the given type, in order.
    public func attributes(_ type: ASN1ObjectIdentifier) -> [String] {
        flatMap { rdn in rdn.filter { $0.type == type }.compactMap { String($0.value) } }
    }
}
