import Crypto
import Foundation
import RSPCore
import SwiftASN1
import X509

/// Issues certificates with the profile SGP.22 v2.2.2 §4.5.2.1 prescribes for each role
/// (ECDSA P-256 with SHA-256, SubjectKeyIdentifier and AuthorityKeyIdentifier everywhere,
/// critical certificatePolicies with the `id-rspRole-*` OID, critical keyUsage).
///
/// Used by `RSPPKI.generate` for a private test PKI, by an EUM (or the software eUICC) to issue
/// eUICC certificates for new EIDs, and by operators issuing their own SM-DP+ certificates.
public enum RSPCertificateIssuer {
    /// 9999-12-31T23:59:59Z, the "no well-defined expiration" date RFC 5280 §4.1.2.5 allows
    /// and eUICC certificates use.
    public static let noExpiry = Date(timeIntervalSince1970: 253_402_300_799)

    /// A subject / issuer name in the attribute order SGP.26 certificates use:
    /// C, O, OU, serialNumber, CN (absent parts omitted). C and serialNumber are
    /// PrintableString, the others UTF8String.
    public static func name(
        country: String? = nil,
        organization: String? = nil,
        organizationalUnit: String? = nil,
        serialNumber: String? = nil,
        commonName: String? = nil
    ) throws -> DistinguishedName {
        typealias Attribute = RelativeDistinguishedName.Attribute
        var attributes: [Attribute] = []
        if let country {
            attributes.append(Attribute(type: .RDNAttributeType.countryName, value: try .init(printableString: country)))
        }
        if let organization {
            attributes.append(Attribute(type: .RDNAttributeType.organizationName, value: .init(utf8String: organization)))
        }
        if let organizationalUnit {
            attributes.append(
                Attribute(type: .RDNAttributeType.organizationalUnitName, value: .init(utf8String: organizationalUnit))
            )
        }
        if let serialNumber {
            attributes.append(Attribute(type: RSPOIDs.serialNumberAttribute, value: try .init(printableString: serialNumber)))
        }
        if let commonName {
            attributes.append(Attribute(type: .RDNAttributeType.commonName, value: .init(utf8String: commonName)))
        }
        return try DistinguishedName(attributes)
    }

    // MARK: CI

    /// A self-signed CI certificate (SGP.22 §4.5.2.1.0.1): CA without path length limit,
    /// keyCertSign + cRLSign, `id-rspRole-ci`, subjectAltName registeredID.
    public static func issueCI(
        subject: DistinguishedName,
        registeredID: ASN1ObjectIdentifier? = RSPOIDs.testCIRegisteredID,
        crlDistributionPoints: [String] = [],
        notBefore: Date,
        notAfter: Date,
        key: P256.Signing.PrivateKey = P256.Signing.PrivateKey()
    ) throws -> RSPIdentity {
        let publicKey = Certificate.PublicKey(key.publicKey)
        let ski = SubjectKeyIdentifier(hash: publicKey)
        var extensions = Certificate.Extensions()
        try extensions.append(ski.makeCertificateExtension())
        try extensions.append(Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil)).makeCertificateExtension())
        try extensions.append(Critical(CertificatePoliciesExtension(policyIdentifiers: [RSPOIDs.roleCI])).makeCertificateExtension())
        try extensions.append(Critical(CertificateRole.ci.keyUsage).makeCertificateExtension())
        if let registeredID {
            try extensions.append(SubjectAlternativeNames([.registeredID(registeredID)]).makeCertificateExtension())
        }
        if !crlDistributionPoints.isEmpty {
            try extensions.append(CRLDistributionPointsExtension(uris: crlDistributionPoints).makeCertificateExtension())
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        return try RSPIdentity(certificate: certificate, privateKey: key)
    }

    // MARK: EUM

    /// An EUM certificate (SGP.22 §4.5.2.1.0.2) issued by the CI: CA with pathLenConstraint 0,
    /// keyCertSign, `id-rspRole-eum`, subjectAltName registeredID, and critical nameConstraints
    /// with one permitted directoryName subtree `O=<organization>, serialNumber=<prefix>` per
    /// EID prefix. eUICC certificates it issues must carry that O and an EID starting with a prefix.
    public static func issueEUM(
        subject: DistinguishedName,
        eidPrefixes: [String],
        permittedOrganization: String? = nil,
        registeredID: ASN1ObjectIdentifier? = RSPOIDs.testEUMRegisteredID,
        crlDistributionPoints: [String] = [],
        issuer ci: RSPIdentity,
        notBefore: Date,
        notAfter: Date,
        key: P256.Signing.PrivateKey = P256.Signing.PrivateKey()
    ) throws -> RSPIdentity {
        guard !eidPrefixes.isEmpty,
            eidPrefixes.allSatisfy({ !$0.isEmpty && $0.count <= 32 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else {
            throw RSPCertificateError.invalidParameter("EID prefixes must be 1 to 32 decimal digits: \(eidPrefixes)")
        }
        let organization = permittedOrganization ?? subject.attributes(.RDNAttributeType.organizationName).first
        let subtrees = try eidPrefixes.map { prefix in
            GeneralName.directoryName(try name(organization: organization, serialNumber: prefix))
        }
        var extensions: [Certificate.Extension] = []
        try extensions.append(Critical(CertificateRole.eum.keyUsage).makeCertificateExtension())
        try extensions.append(Critical(CertificatePoliciesExtension(policyIdentifiers: [RSPOIDs.roleEUM])).makeCertificateExtension())
        if let registeredID {
            try extensions.append(SubjectAlternativeNames([.registeredID(registeredID)]).makeCertificateExtension())
        }
        try extensions.append(Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0)).makeCertificateExtension())
        if !crlDistributionPoints.isEmpty {
            try extensions.append(CRLDistributionPointsExtension(uris: crlDistributionPoints).makeCertificateExtension())
        }
        try extensions.append(Critical(NameConstraints(permittedSubtrees: subtrees)).makeCertificateExtension())
        return try issue(
            subject: subject, key: key, issuer: ci, notBefore: notBefore, notAfter: notAfter, extensions: extensions
        )
    }

    // MARK: eUICC

    /// An eUICC certificate (SGP.22 §4.5.2.1.0.3) issued by the EUM: subject
    /// `C=<EUM's C>, O=<EUM's permitted O>, serialNumber=<EID>, CN=<commonName>`,
    /// digitalSignature, `id-rspRole-euicc`. Valid until 9999-12-31 unless told otherwise.
    ///
    /// The EID is not checked against the EUM's range here (tests issue out-of-range
    /// certificates on purpose); `RSPChainValidator` checks it.
    public static func issueEUICC(
        eid: EID,
        commonName: String = "Test eUICC",
        issuer eum: RSPIdentity,
        notBefore: Date,
        notAfter: Date = noExpiry,
        key: P256.Signing.PrivateKey = P256.Signing.PrivateKey()
    ) throws -> RSPIdentity {
        let eumSubject = eum.certificate.subject
        let permitted = (try? RSPChainValidator.eumPermittedSubtrees(of: eum.certificate)) ?? []
        let organization = permitted.compactMap(\.organization).first
            ?? eumSubject.attributes(.RDNAttributeType.organizationName).first
        let subject = try name(
            country: eumSubject.attributes(.RDNAttributeType.countryName).first,
            organization: organization,
            serialNumber: eid.digits,
            commonName: commonName
        )
        let extensions: [Certificate.Extension] = [
            try Critical(CertificateRole.euicc.keyUsage).makeCertificateExtension(),
            try Critical(CertificatePoliciesExtension(policyIdentifiers: [RSPOIDs.roleEUICC])).makeCertificateExtension(),
        ]
        return try issue(
            subject: subject, key: key, issuer: eum, notBefore: notBefore, notAfter: notAfter, extensions: extensions
        )
    }

    // MARK: SM-DP+ and SM-DS

    /// An SM-DP+ or SM-DS certificate issued by the CI (SGP.22 §4.5.2.1.0.4 – §4.5.2.1.0.8):
    /// digitalSignature, the role's `id-rspRole-*`, subjectAltName with the registeredID
    /// (the server's OID) and, for TLS roles, the DNS names and IP addresses plus extended key
    /// usage serverAuth and clientAuth.
    public static func issueServer(
        role: CertificateRole,
        subject: DistinguishedName,
        registeredID: ASN1ObjectIdentifier?,
        dnsNames: [String] = [],
        ipAddresses: [[UInt8]] = [],
        crlDistributionPoints: [String] = [],
        issuer ci: RSPIdentity,
        notBefore: Date,
        notAfter: Date,
        key: P256.Signing.PrivateKey = P256.Signing.PrivateKey()
    ) throws -> RSPIdentity {
        guard role.issuerRole == .ci, role != .eum else {
            throw RSPCertificateError.invalidParameter("\(role) is not an SM-DP+ or SM-DS certificate")
        }
        var altNames: [GeneralName] = []
        if let registeredID { altNames.append(.registeredID(registeredID)) }
        if role.isTLS {
            altNames += dnsNames.map { .dnsName($0) }
            altNames += ipAddresses.map { .ipAddress(ASN1OctetString(contentBytes: $0[...])) }
        }
        var extensions: [Certificate.Extension] = []
        if !altNames.isEmpty {
            try extensions.append(SubjectAlternativeNames(altNames).makeCertificateExtension())
        }
        try extensions.append(Critical(role.keyUsage).makeCertificateExtension())
        if role.isTLS {
            try extensions.append(
                Critical(try ExtendedKeyUsage([.serverAuth, .clientAuth])).makeCertificateExtension()
            )
        }
        try extensions.append(Critical(CertificatePoliciesExtension(policyIdentifiers: [role.policyOID])).makeCertificateExtension())
        if !crlDistributionPoints.isEmpty {
            try extensions.append(CRLDistributionPointsExtension(uris: crlDistributionPoints).makeCertificateExtension())
        }
        return try issue(
            subject: subject, key: key, issuer: ci, notBefore: notBefore, notAfter: notAfter, extensions: extensions
        )
    }

    // MARK: -

    /// Signs a certificate for `key` with `issuer`, prefixing AuthorityKeyIdentifier (the issuer's
    /// SKI) and SubjectKeyIdentifier (SHA-1 of the subject key, RFC 5280 §4.2.1.2 method 1).
    static func issue(
        subject: DistinguishedName,
        key: P256.Signing.PrivateKey,
        issuer: RSPIdentity,
        notBefore: Date,
        notAfter: Date,
        extensions roleExtensions: [Certificate.Extension]
    ) throws -> RSPIdentity {
        let publicKey = Certificate.PublicKey(key.publicKey)
        guard let issuerSKI = try issuer.certificate.extensions.subjectKeyIdentifier else {
            throw RSPCertificateError.missingExtension(
                subject: issuer.certificate.subject.description, extension: "subjectKeyIdentifier"
            )
        }
        var extensions = Certificate.Extensions()
        try extensions.append(AuthorityKeyIdentifier(keyIdentifier: issuerSKI.keyIdentifier).makeCertificateExtension())
        try extensions.append(SubjectKeyIdentifier(hash: publicKey).makeCertificateExtension())
        for ext in roleExtensions { try extensions.append(ext) }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: issuer.certificate.subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(issuer.privateKey)
        )
        return try RSPIdentity(certificate: certificate, privateKey: key)
    }
}
