import SwiftASN1

/// Object identifiers of the SGP.22 PKI (SGP.22 v2.2.2 §4.5.2, and the X.509 ones it uses).
public enum RSPOIDs {
    // MARK: SGP.22 §4.5.2.1 — certificate roles, carried as certificatePolicies policy OIDs

    /// `id-rsp OBJECT IDENTIFIER ::= { joint-iso-itu-t(2) international-organizations(23) gsma(146) rsp(1) }`
    public static let rsp: ASN1ObjectIdentifier = [2, 23, 146, 1]
    /// `id-rspRole OBJECT IDENTIFIER ::= { id-rsp cert-objects(2) 1 }` (SGP.22 §4.5.2.1)
    public static let rspRole: ASN1ObjectIdentifier = [2, 23, 146, 1, 2, 1]
    /// `id-rspRole-ci` — GSMA CI certificate.
    public static let roleCI: ASN1ObjectIdentifier = [2, 23, 146, 1, 2, 1, 0]
    /// `id-rspRole-euicc` — eUICC certificate (CERT.EUICC.ECDSA).
    public static let roleEUICC: ASN1ObjectIdentifier = [2, 23, 146, 1, 2, 1, 1]
    /// `id-rspRole-eum` — EUM certificate (CERT.EUM.ECDSA).
    public static let roleEUM: ASN1ObjectIdentifier = [2, 23, 146, 1, 2, 1, 2]
    /// `id-rspRole-dp-tls` — SM-DP+ TLS certificate (CERT.DP.TLS).
    public static let roleDPTLS: ASN1ObjectIdentifier = [2, 23, 146, 1, 2, 1, 3]
    /// `id-rspRole-dp-auth` — SM-DP+ authentication certificate (CERT.DPauth.ECDSA).
    public static let roleDPAuth: ASN1ObjectIdentifier = [2, 23, 146, 1, 2, 1, 4]
    /// `id-rspRole-dp-pb` — SM-DP+ profile binding certificate (CERT.DPpb.ECDSA).
    public static let roleDPPb: ASN1ObjectIdentifier = [2, 23, 146, 1, 2, 1, 5]
    /// `id-rspRole-ds-tls` — SM-DS TLS certificate (CERT.DS.TLS).
    public static let roleDSTLS: ASN1ObjectIdentifier = [2, 23, 146, 1, 2, 1, 6]
    /// `id-rspRole-ds-auth` — SM-DS authentication certificate (CERT.DSauth.ECDSA).
    public static let roleDSAuth: ASN1ObjectIdentifier = [2, 23, 146, 1, 2, 1, 7]

    // MARK: Defaults for the subjectAltName registeredID of a private test PKI

    /// Private-use arc (ITU-T X.660 "example" arc 2.999) used by SGP.26 test certificates.
    public static let testCIRegisteredID: ASN1ObjectIdentifier = [2, 999, 1]
    public static let testEUMRegisteredID: ASN1ObjectIdentifier = [2, 999, 5]
    public static let testSMDPRegisteredID: ASN1ObjectIdentifier = [2, 999, 10]
    public static let testSMDSRegisteredID: ASN1ObjectIdentifier = [2, 999, 15]

    // MARK: X.509 (RFC 5280) identifiers SGP.22 relies on

    /// `id-ce-certificatePolicies` (RFC 5280 §4.2.1.4); critical in every SGP.22 certificate.
    public static let certificatePolicies: ASN1ObjectIdentifier = [2, 5, 29, 32]
    /// `id-ce-cRLDistributionPoints` (RFC 5280 §4.2.1.13).
    public static let crlDistributionPoints: ASN1ObjectIdentifier = [2, 5, 29, 31]
    /// `id-at-serialNumber` (X.520): the EID in an eUICC subject, the EID prefix in an EUM name constraint.
    public static let serialNumberAttribute: ASN1ObjectIdentifier = [2, 5, 4, 5]
    /// `ecdsa-with-SHA256` (RFC 5758 §3.2), the only signature algorithm of the NIST P-256 PKI.
    public static let ecdsaWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]
}
