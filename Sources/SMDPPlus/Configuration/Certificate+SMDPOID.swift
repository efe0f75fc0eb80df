import SwiftASN1
import X509

extension Certificate {
    /// The `registeredID` entries of the subjectAltName extension, in order.
    ///
    /// SGP.22 §4.5.2.1.0.4 / §4.5.2.1.0.5: CERT.DPauth.ECDSA and CERT.DPpb.ECDSA carry the SM-DP+ OID
    /// as a subjectAltName registeredID; the eUICC echoes it in EuiccCancelSessionSigned.smdpOid
    /// (§5.7.14) and it identifies the SM-DP+ in ProfileInstallationResultData and ConfigureISDP.
    public func subjectAltNameRegisteredIDs() throws -> [ASN1ObjectIdentifier] {
        guard let names = try extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            if case .registeredID(let oid) = name { return oid }
            return nil
        }
    }
}
