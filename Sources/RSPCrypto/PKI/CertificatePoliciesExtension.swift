import SwiftASN1
import X509

/// The X.509 certificatePolicies extension, which SGP.22 §4.5.2.1 uses (critical) to carry
/// a certificate's `id-rspRole-*`. swift-certificates has no type for it.
///
/// ```asn1
/// certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
///
/// PolicyInformation ::= SEQUENCE {
///      policyIdentifier   CertPolicyId,
///      policyQualifiers   SEQUENCE SIZE (1..MAX) OF
///                              PolicyQualifierInfo OPTIONAL }
///
/// CertPolicyId ::= OBJECT IDENTIFIER
/// ```
/// Policy qualifiers are skipped when decoding and never written.
public struct CertificatePoliciesExtension: Hashable, Sendable, CertificateExtensionConvertible {
    public var policyIdentifiers: [ASN1ObjectIdentifier]

    public init(policyIdentifiers: [ASN1ObjectIdentifier]) {
        self.policyIdentifiers = policyIdentifiers
    }

    /// Decodes the extension value; throws when `ext` is another extension or malformed.
    public init(_ ext: Certificate.Extension) throws {
        guard ext.oid == RSPOIDs.certificatePolicies else {
            throw ASN1Error.invalidASN1Object(reason: "expected certificatePolicies, got \(ext.oid)")
        }
        let root = try DER.parse(ext.value)
        self.policyIdentifiers = try DER.sequence(of: PolicyInformation.self, identifier: .sequence, rootNode: root)
            .map(\.policyIdentifier)
        guard !policyIdentifiers.isEmpty else {
            throw ASN1Error.invalidASN1Object(reason: "certificatePolicies is empty")
        }
    }

    /// A non-critical extension; wrap it in `Critical(...)` as SGP.22 requires.
    public func makeCertificateExtension() throws -> Certificate.Extension {
        var serializer = DER.Serializer()
        try serializer.serializeSequenceOf(policyIdentifiers.map(PolicyInformation.init(policyIdentifier:)))
        return Certificate.Extension(oid: RSPOIDs.certificatePolicies, critical: false, value: serializer.serializedBytes[...])
    }

    struct PolicyInformation: DERImplicitlyTaggable {
        static var defaultIdentifier: ASN1Identifier { .sequence }
        var policyIdentifier: ASN1ObjectIdentifier

        init(policyIdentifier: ASN1ObjectIdentifier) { self.policyIdentifier = policyIdentifier }

        init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
            self = try DER.sequence(node, identifier: identifier) { nodes in
                let oid = try ASN1ObjectIdentifier(derEncoded: try nodes.required("policyIdentifier"))
                nodes.skipExtensions()  // policyQualifiers
                return PolicyInformation(policyIdentifier: oid)
            }
        }

        func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
            try coder.appendConstructedNode(identifier: identifier) { coder in
                try coder.serialize(policyIdentifier)
            }
        }
    }
}

/// The X.509 cRLDistributionPoints extension, restricted to what SGP.22 certificates carry:
/// each distribution point a `fullName` with one URI.
///
/// ```asn1
/// CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
///
/// DistributionPoint ::= SEQUENCE {
///      distributionPoint       [0]     DistributionPointName OPTIONAL,
///      reasons                 [1]     ReasonFlags OPTIONAL,
///      cRLIssuer               [2]     GeneralNames OPTIONAL }
///
/// DistributionPointName ::= CHOICE {
///      fullName                [0]     GeneralNames,
///      nameRelativeToCRLIssuer [1]     RelativeDistinguishedName }
/// ```
/// Decoding keeps the URIs of `fullName` and ignores other forms.
public struct CRLDistributionPointsExtension: Hashable, Sendable, CertificateExtensionConvertible {
    public var uris: [String]

    public init(uris: [String]) { self.uris = uris }

    public init(_ ext: Certificate.Extension) throws {
        guard ext.oid == RSPOIDs.crlDistributionPoints else {
            throw ASN1Error.invalidASN1Object(reason: "expected cRLDistributionPoints, got \(ext.oid)")
        }
        let root = try DER.parse(ext.value)
        var uris: [String] = []
        try DER.sequence(root, identifier: .sequence) { points in
            while let point = points.next() {
                try DER.sequence(point, identifier: .sequence) { fields in
                    // distributionPoint [0] is EXPLICIT (a tag on a CHOICE); fullName [0] IMPLICIT GeneralNames.
                    if let names = try DER.optionalExplicitlyTagged(
                        &fields, tagNumber: 0, tagClass: .contextSpecific, { node in node }
                    ), names.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
                        let general = try DER.sequence(of: GeneralName.self, identifier: names.identifier, rootNode: names)
                        for name in general {
                            if case .uniformResourceIdentifier(let uri) = name { uris.append(uri) }
                        }
                    }
                    fields.skipExtensions()
                }
            }
        }
        self.uris = uris
    }

    public func makeCertificateExtension() throws -> Certificate.Extension {
        var serializer = DER.Serializer()
        let context0 = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
        try serializer.appendConstructedNode(identifier: .sequence) { coder in
            for uri in uris {
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.appendConstructedNode(identifier: context0) { coder in
                        try coder.appendConstructedNode(identifier: context0) { coder in
                            try coder.serialize(GeneralName.uniformResourceIdentifier(uri))
                        }
                    }
                }
            }
        }
        return Certificate.Extension(oid: RSPOIDs.crlDistributionPoints, critical: false, value: serializer.serializedBytes[...])
    }
}
