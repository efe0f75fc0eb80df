import Foundation
import RSPCore
import SwiftASN1
import X509

/// A chain that passed `RSPChainValidator.validate`.
public struct ValidatedRSPChain: Hashable, Sendable {
    /// The leaf first, the CI last (e.g. eUICC, EUM, CI).
    public let path: [Certificate]
    public let role: CertificateRole
    /// The EID of an eUICC leaf (its subject serialNumber), nil for other roles.
    public let eid: EID?

    public var leaf: Certificate { path[0] }
    public var ci: Certificate { path[path.count - 1] }
    /// The CI's SubjectKeyIdentifier: SGP.22's `euiccCiPKId` / `subjectKeyIdentifier` of the CI.
    public let ciPKId: [UInt8]
}

/// One permitted directoryName subtree of an EUM certificate's nameConstraints
/// (SGP.22 v2.2.2 §4.5.2.1.0.2): `O=<organization>, serialNumber=<EID prefix>`.
public struct EUMPermittedSubtree: Hashable, Sendable, CustomStringConvertible {
    public let organization: String?
    public let eidPrefix: String?

    public init(organization: String?, eidPrefix: String?) {
        self.organization = organization
        self.eidPrefix = eidPrefix
    }

    /// SGP.22's EID range rule, not RFC 5280 subtree matching: the eUICC's O equals the
    /// subtree's O and its EID (subject serialNumber) starts with the subtree's serialNumber.
    public func permits(eid: EID, organization euiccOrganization: String?) -> Bool {
        if let organization, organization != euiccOrganization { return false }
        if let eidPrefix, !eid.hasPrefix(eidPrefix) { return false }
        return true
    }

    public var description: String {
        [organization.map { "O=\($0)" }, eidPrefix.map { "serialNumber=\($0)" }].compactMap { $0 }.joined(separator: ",")
    }
}

/// Certificate chain validation the way an eUICC checks an SM-DP+ (CERT.DPauth / CERT.DPpb
/// against its CI keys, SGP.22 §3.1.2 / §3.1.3) and an SM-DP+ checks an eUICC
/// (CERT.EUICC → CERT.EUM → CERT.CI, with the EID range rule, §3.1.2 / §4.5.2.1).
///
/// Done by hand with swift-certificates parsing and signature checks: its `Verifier` with
/// `RFC5280Policy` rejects SGP.22's critical certificatePolicies, and RFC 5280 name constraints
/// are not SGP.22's EID-prefix rule. Revocation (CRL) is checked elsewhere.
public enum RSPChainValidator {
    /// Extensions SGP.22 certificates carry; any other critical extension is rejected (RFC 5280 §4.2).
    static let understoodExtensions: Set<ASN1ObjectIdentifier> = [
        .X509ExtensionID.basicConstraints, .X509ExtensionID.keyUsage, .X509ExtensionID.extendedKeyUsage,
        .X509ExtensionID.subjectKeyIdentifier, .X509ExtensionID.authorityKeyIdentifier,
        .X509ExtensionID.subjectAlternativeName, .X509ExtensionID.nameConstraints,
        RSPOIDs.certificatePolicies, RSPOIDs.crlDistributionPoints,
    ]

    /// Validates `leaf` for `role` at `date`: every signature with the issuer's key, issuer name ==
    /// issuer subject and AuthorityKeyIdentifier == issuer SubjectKeyIdentifier, validity periods,
    /// the `id-rspRole-*` policy and key usage of every certificate, CA flags of issuers, and for
    /// an eUICC leaf the EID (valid check digits, inside the EUM's permitted range, same O).
    ///
    /// - Parameters:
    ///   - intermediates: certificates that may appear between leaf and CI (the EUM certificate
    ///     for an eUICC leaf); order does not matter, extra ones are ignored.
    ///   - trustAnchors: the CI certificates the verifier trusts (an eUICC's CI keys, an
    ///     SM-DP+'s configured CIs).
    public static func validate(
        leaf: Certificate,
        intermediates: [Certificate] = [],
        trustAnchors: [Certificate],
        role: CertificateRole,
        at date: Date = Date()
    ) throws(RSPCertificateError) -> ValidatedRSPChain {
        try checkProfile(leaf, role: role)
        try checkValidity(leaf, at: date)

        if role == .ci {
            guard trustAnchors.contains(leaf) else {
                throw .issuerUnknown(subject: leaf.subject.description, issuer: leaf.issuer.description)
            }
            return ValidatedRSPChain(path: [leaf], role: role, eid: nil, ciPKId: try skiBytes(leaf))
        }

        var path = [leaf]
        var current = leaf
        var currentRole = role
        var eid: EID? = nil
        while let issuerRole = currentRole.issuerRole {
            let pool = issuerRole == .ci ? trustAnchors : intermediates
            let issuer = try findIssuer(of: current, in: pool)
            try checkProfile(issuer, role: issuerRole)
            try checkValidity(issuer, at: date)
            if currentRole == .euicc {
                eid = try checkEIDRange(euicc: current, eum: issuer)
            }
            path.append(issuer)
            current = issuer
            currentRole = issuerRole
        }
        return ValidatedRSPChain(path: path, role: role, eid: eid, ciPKId: try skiBytes(current))
    }

    /// The last link of an eUICC chain: `euicc` for the eUICC role at `date`, signed by `eum` (name
    /// and key identifier match, signature verifies), and its EID inside the EUM's range; returns
    /// the EID. The same checks `validate(leaf:intermediates:trustAnchors:role:at:)` makes of
    /// these two certificates, for an EUM the caller has already validated against its CI (whose
    /// profile and validity are checked again here all the same, they cost no signature).
    public static func validateEUICC(_ euicc: Certificate, issuedBy eum: Certificate, at date: Date) throws(RSPCertificateError) -> EID {
        try checkProfile(euicc, role: .euicc)
        try checkValidity(euicc, at: date)
        let issuer = try findIssuer(of: euicc, in: [eum])
        try checkProfile(issuer, role: .eum)
        try checkValidity(issuer, at: date)
        return try checkEIDRange(euicc: euicc, eum: issuer)
    }

    /// The CI key identifier a chain leads to, following AuthorityKeyIdentifiers through
    /// `intermediates` without checking signatures: the `euiccCiPKId` to look up among the
    /// trusted CIs (e.g. to choose the CI for `euiccCiPKIdToBeUsed`). Nil when a certificate has no AKI.
    public static func ciPKId(leadingTo leaf: Certificate, intermediates: [Certificate] = []) -> [UInt8]? {
        var current = leaf
        for _ in 0...intermediates.count {
            guard let aki = try? current.authorityKeyIdentifierBytes() else { return nil }
            guard
                let next = intermediates.first(where: {
                    $0 != current && $0.subject == current.issuer && (try? $0.subjectKeyIdentifierBytes()) == aki
                })
            else { return aki }
            current = next
        }
        return nil
    }

    /// The trusted CI certificate whose SubjectKeyIdentifier is `ciPKId`.
    public static func trustAnchor(withPKId ciPKId: [UInt8], among trustAnchors: [Certificate]) -> Certificate? {
        trustAnchors.first { (try? $0.subjectKeyIdentifierBytes()) == ciPKId }
    }

    /// The permitted directoryName subtrees of an EUM certificate's nameConstraints.
    public static func eumPermittedSubtrees(of eum: Certificate) throws(RSPCertificateError) -> [EUMPermittedSubtree] {
        // Computed on use: the subject's text is only needed for a refusal, and rendering it
        // on every successful validation was measurable.
        var subject: String { eum.subject.description }
        guard let ext = eum.extensions[oid: .X509ExtensionID.nameConstraints] else {
            throw .missingExtension(subject: subject, extension: "nameConstraints")
        }
        let constraints: NameConstraints
        do {
            constraints = try NameConstraints(ext)
        } catch {
            throw .malformed("\(subject): nameConstraints: \(error)")
        }
        return constraints.permittedSubtrees.compactMap { name in
            guard case .directoryName(let dn) = name else { return nil }
            return EUMPermittedSubtree(
                organization: dn.attributes(.RDNAttributeType.organizationName).first,
                eidPrefix: dn.attributes(RSPOIDs.serialNumberAttribute).first
            )
        }
    }

    /// Checks the eUICC certificate's EID (subject serialNumber) against the EUM certificate
    /// (SGP.22 §4.5.2.1.0.2) and returns it.
    @discardableResult
    public static func checkEIDRange(euicc: Certificate, eum: Certificate) throws(RSPCertificateError) -> EID {
        // Computed on use, only for a refusal (as in `eumPermittedSubtrees`).
        var subject: String { euicc.subject.description }
        let serialNumbers = euicc.subject.attributes(RSPOIDs.serialNumberAttribute)
        guard serialNumbers.count == 1, let value = serialNumbers.first else {
            throw .invalidEID(subject: subject, value: serialNumbers.joined(separator: ","))
        }
        let eid: EID
        do {
            eid = try EID(digits: value)
        } catch {
            throw .invalidEID(subject: subject, value: value)
        }
        let subtrees = try eumPermittedSubtrees(of: eum)
        let organization = euicc.subject.attributes(.RDNAttributeType.organizationName).first
        guard subtrees.contains(where: { $0.permits(eid: eid, organization: organization) }) else {
            throw .eidOutsideEUMRange(eid: eid.digits, permitted: subtrees.map(\.description))
        }
        return eid
    }

    /// Checks the extensions SGP.22 §4.5.2.1 requires of a certificate of `role`: role policy,
    /// SubjectKeyIdentifier, key usage, CA flag for CI/EUM, serverAuth for TLS certificates,
    /// and no critical extension outside what SGP.22 uses.
    public static func checkProfile(_ certificate: Certificate, role: CertificateRole) throws(RSPCertificateError) {
        // Computed on use, only for a refusal (as in `eumPermittedSubtrees`).
        var subject: String { certificate.subject.description }
        for ext in certificate.extensions where ext.critical && !understoodExtensions.contains(ext.oid) {
            throw .unsupportedCriticalExtension(subject: subject, oid: ext.oid.description)
        }
        let roles: [CertificateRole]
        let keyUsage: KeyUsage?
        let basicConstraints: BasicConstraints?
        let extendedKeyUsage: ExtendedKeyUsage?
        do {
            roles = try certificate.rspRoles()
            keyUsage = try certificate.extensions.keyUsage
            basicConstraints = try certificate.extensions.basicConstraints
            extendedKeyUsage = try certificate.extensions.extendedKeyUsage
            _ = try certificate.extensions.subjectKeyIdentifier
            _ = try certificate.extensions.authorityKeyIdentifier
        } catch {
            throw .malformed("\(subject): \(error)")
        }
        guard roles.contains(role) else {
            throw .wrongRole(subject: subject, expected: role, found: roles)
        }
        _ = try skiBytes(certificate)
        guard let keyUsage else { throw .missingExtension(subject: subject, extension: "keyUsage") }
        if role.isCertificateAuthority {
            guard case .isCertificateAuthority = basicConstraints, keyUsage.keyCertSign else {
                throw .notACA(subject: subject)
            }
        } else {
            guard keyUsage.digitalSignature else { throw .wrongKeyUsage(subject: subject, role: role) }
        }
        if role.isTLS {
            guard let extendedKeyUsage else {
                throw .missingExtension(subject: subject, extension: "extendedKeyUsage")
            }
            guard extendedKeyUsage.contains(.serverAuth) else { throw .wrongKeyUsage(subject: subject, role: role) }
        }
    }

    // MARK: -

    /// The issuer of `certificate` among `pool`: same name, SKI == the certificate's AKI, and a
    /// signature that verifies with its key.
    static func findIssuer(of certificate: Certificate, in pool: [Certificate]) throws(RSPCertificateError) -> Certificate {
        // Computed on use, only for a refusal (as in `eumPermittedSubtrees`).
        var subject: String { certificate.subject.description }
        let aki: [UInt8]?
        do {
            aki = try certificate.authorityKeyIdentifierBytes()
        } catch {
            throw .malformed("\(subject): authorityKeyIdentifier: \(error)")
        }
        guard let aki else { throw .missingExtension(subject: subject, extension: "authorityKeyIdentifier") }
        let candidates = pool.filter {
            $0.subject == certificate.issuer && (try? $0.subjectKeyIdentifierBytes()) == aki
        }
        guard !candidates.isEmpty else {
            throw .issuerUnknown(subject: subject, issuer: certificate.issuer.description)
        }
        guard
            let issuer = candidates.first(where: {
                $0.publicKey.isValidSignature(certificate.signature, for: certificate)
            })
        else {
            throw .signatureInvalid(subject: subject)
        }
        return issuer
    }

    static func checkValidity(_ certificate: Certificate, at date: Date) throws(RSPCertificateError) {
        if date < certificate.notValidBefore {
            throw .notYetValid(subject: certificate.subject.description, notBefore: certificate.notValidBefore)
        }
        if date > certificate.notValidAfter {
            throw .expired(subject: certificate.subject.description, notAfter: certificate.notValidAfter)
        }
    }

    static func skiBytes(_ certificate: Certificate) throws(RSPCertificateError) -> [UInt8] {
        let ski: [UInt8]?
        do {
            ski = try certificate.subjectKeyIdentifierBytes()
        } catch {
            throw .malformed("\(certificate.subject.description): subjectKeyIdentifier: \(error)")
        }
        guard let ski, !ski.isEmpty else {
            throw .missingExtension(subject: certificate.subject.description, extension: "subjectKeyIdentifier")
        }
        return ski
    }
}
