import Crypto
import Foundation
import RSPCore
import SwiftASN1
import X509

/// A complete private SGP.22 test PKI: CI → EUM → eUICC; CI → DPauth, DPpb, DPtls;
/// CI → DSauth, DStls. Every item is an identity (certificate + P-256 key).
///
/// `generate(_:)` creates one (what `openrsp pki init` runs); `RSPPKIDirectory` writes and
/// loads it with SGP.26-like file names.
public struct RSPPKI: Hashable, Sendable {
    public var ci: RSPIdentity
    public var eum: RSPIdentity
    public var euicc: RSPIdentity
    public var dpAuth: RSPIdentity
    public var dpPb: RSPIdentity
    public var dpTLS: RSPIdentity
    public var dsAuth: RSPIdentity
    public var dsTLS: RSPIdentity

    public init(
        ci: RSPIdentity, eum: RSPIdentity, euicc: RSPIdentity, dpAuth: RSPIdentity, dpPb: RSPIdentity,
        dpTLS: RSPIdentity, dsAuth: RSPIdentity, dsTLS: RSPIdentity
    ) {
        self.ci = ci
        self.eum = eum
        self.euicc = euicc
        self.dpAuth = dpAuth
        self.dpPb = dpPb
        self.dpTLS = dpTLS
        self.dsAuth = dsAuth
        self.dsTLS = dsTLS
    }

    /// The identity of a role.
    public subscript(role: CertificateRole) -> RSPIdentity {
        switch role {
        case .ci: ci
        case .eum: eum
        case .euicc: euicc
        case .dpAuth: dpAuth
        case .dpPb: dpPb
        case .dpTLS: dpTLS
        case .dsAuth: dsAuth
        case .dsTLS: dsTLS
        }
    }

    /// All identities by role.
    public var identities: [CertificateRole: RSPIdentity] {
        Dictionary(uniqueKeysWithValues: CertificateRole.allCases.map { ($0, self[$0]) })
    }

    /// Builds a PKI from identities by role; throws when one is missing.
    public init(identities: [CertificateRole: RSPIdentity]) throws(RSPCertificateError) {
        func get(_ role: CertificateRole) throws(RSPCertificateError) -> RSPIdentity {
            guard let identity = identities[role] else {
                throw .invalidParameter("the PKI has no \(role) certificate")
            }
            return identity
        }
        self.init(
            ci: try get(.ci), eum: try get(.eum), euicc: try get(.euicc), dpAuth: try get(.dpAuth),
            dpPb: try get(.dpPb), dpTLS: try get(.dpTLS), dsAuth: try get(.dsAuth), dsTLS: try get(.dsTLS)
        )
    }

    /// What to put in a generated PKI.
    public struct Parameters: Sendable {
        /// Host name of the SM-DP+ (TLS certificate DNS name; "localhost" is always added).
        public var smdpHost: String
        /// Host name of the SM-DS.
        public var smdsHost: String
        /// The EUM's permitted EID range (nameConstraints serialNumber), decimal digits.
        public var eidPrefix: String
        /// The eUICC's EID; derived from `eidPrefix` (random individual number) when nil.
        public var eid: EID?
        public var ciSubject: DistinguishedName
        /// The EUM's organisation: its subject O, the nameConstraints O and the eUICC's O.
        public var eumOrganization: String
        public var eumCountry: String
        public var smdpOrganization: String
        public var smdsOrganization: String
        /// subjectAltName registeredIDs (SGP.22: the OID identifying the entity).
        public var ciRegisteredID: ASN1ObjectIdentifier
        public var eumRegisteredID: ASN1ObjectIdentifier
        public var smdpRegisteredID: ASN1ObjectIdentifier
        public var smdsRegisteredID: ASN1ObjectIdentifier
        /// cRLDistributionPoints URIs put into the CI-issued certificates (none by default).
        public var crlDistributionPoints: [String]
        /// Start of validity for every certificate.
        public var notBefore: Date
        /// End of validity of the CI and EUM certificates.
        public var caNotAfter: Date
        /// End of validity of the SM-DP+ and SM-DS certificates.
        public var serverNotAfter: Date
        /// End of validity of the eUICC certificate (9999-12-31 by default).
        public var euiccNotAfter: Date

        public init(
            smdpHost: String = "localhost",
            smdsHost: String = "localhost",
            eidPrefix: String = "89049032",
            eid: EID? = nil,
            ciSubject: DistinguishedName? = nil,
            eumOrganization: String = "OpenRSP Test EUM",
            eumCountry: String = "ES",
            smdpOrganization: String = "OpenRSP",
            smdsOrganization: String = "OpenRSP",
            ciRegisteredID: ASN1ObjectIdentifier = RSPOIDs.testCIRegisteredID,
            eumRegisteredID: ASN1ObjectIdentifier = RSPOIDs.testEUMRegisteredID,
            smdpRegisteredID: ASN1ObjectIdentifier = RSPOIDs.testSMDPRegisteredID,
            smdsRegisteredID: ASN1ObjectIdentifier = RSPOIDs.testSMDSRegisteredID,
            crlDistributionPoints: [String] = [],
            notBefore: Date = Date(timeIntervalSinceNow: -3600),
            caValidity: TimeInterval = 35 * 365 * 86_400,
            serverValidity: TimeInterval = 10 * 365 * 86_400,
            euiccNotAfter: Date = RSPCertificateIssuer.noExpiry
        ) {
            self.smdpHost = smdpHost
            self.smdsHost = smdsHost
            self.eidPrefix = eidPrefix
            self.eid = eid
            // Building this fixed name cannot fail; the fallback keeps the initialiser non-throwing.
            self.ciSubject =
                ciSubject
                ?? (try? RSPCertificateIssuer.name(
                    country: "IT", organization: "OpenRSP", organizationalUnit: "TESTCERT", commonName: "OpenRSP Test CI"
                )) ?? DistinguishedName()
            self.eumOrganization = eumOrganization
            self.eumCountry = eumCountry
            self.smdpOrganization = smdpOrganization
            self.smdsOrganization = smdsOrganization
            self.ciRegisteredID = ciRegisteredID
            self.eumRegisteredID = eumRegisteredID
            self.smdpRegisteredID = smdpRegisteredID
            self.smdsRegisteredID = smdsRegisteredID
            self.crlDistributionPoints = crlDistributionPoints
            self.notBefore = notBefore
            self.caNotAfter = notBefore.addingTimeInterval(caValidity)
            self.serverNotAfter = notBefore.addingTimeInterval(serverValidity)
            self.euiccNotAfter = euiccNotAfter
        }
    }

    /// Generates a complete PKI with fresh P-256 keys.
    public static func generate(_ parameters: Parameters = Parameters()) throws -> RSPPKI {
        let p = parameters
        let eid = try p.eid ?? EID.random(prefix: p.eidPrefix)
        let crl = p.crlDistributionPoints
        let ci = try RSPCertificateIssuer.issueCI(
            subject: p.ciSubject, registeredID: p.ciRegisteredID, crlDistributionPoints: crl,
            notBefore: p.notBefore, notAfter: p.caNotAfter
        )
        let eum = try RSPCertificateIssuer.issueEUM(
            subject: try RSPCertificateIssuer.name(
                country: p.eumCountry, organization: p.eumOrganization, commonName: p.eumOrganization
            ),
            eidPrefixes: [p.eidPrefix], registeredID: p.eumRegisteredID, crlDistributionPoints: crl,
            issuer: ci, notBefore: p.notBefore, notAfter: p.caNotAfter
        )
        let euicc = try RSPCertificateIssuer.issueEUICC(
            eid: eid, issuer: eum, notBefore: p.notBefore, notAfter: p.euiccNotAfter
        )
        let smdpSubject = try RSPCertificateIssuer.name(organization: p.smdpOrganization, commonName: p.smdpHost)
        let smdsSubject = try RSPCertificateIssuer.name(organization: p.smdsOrganization, commonName: p.smdsHost)
        func server(_ role: CertificateRole, _ subject: DistinguishedName, _ oid: ASN1ObjectIdentifier, host: String)
            throws -> RSPIdentity
        {
            let dnsNames = host == "localhost" ? [host] : [host, "localhost"]
            return try RSPCertificateIssuer.issueServer(
                role: role, subject: subject, registeredID: oid, dnsNames: dnsNames, ipAddresses: [[127, 0, 0, 1]],
                crlDistributionPoints: crl, issuer: ci, notBefore: p.notBefore, notAfter: p.serverNotAfter
            )
        }
        return RSPPKI(
            ci: ci, eum: eum, euicc: euicc,
            dpAuth: try server(.dpAuth, smdpSubject, p.smdpRegisteredID, host: p.smdpHost),
            dpPb: try server(.dpPb, smdpSubject, p.smdpRegisteredID, host: p.smdpHost),
            dpTLS: try server(.dpTLS, smdpSubject, p.smdpRegisteredID, host: p.smdpHost),
            dsAuth: try server(.dsAuth, smdsSubject, p.smdsRegisteredID, host: p.smdsHost),
            dsTLS: try server(.dsTLS, smdsSubject, p.smdsRegisteredID, host: p.smdsHost)
        )
    }

    /// Validates every certificate of the PKI for its role against its own CI.
    public func validate(at date: Date = Date()) throws(RSPCertificateError) {
        for role in CertificateRole.allCases {
            _ = try RSPChainValidator.validate(
                leaf: self[role].certificate,
                intermediates: role == .euicc ? [eum.certificate] : [],
                trustAnchors: [ci.certificate],
                role: role,
                at: date
            )
        }
    }
}
