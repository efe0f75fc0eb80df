import Foundation
import RSPCore
import RSPCrypto
import RSPStore

/// ES11.InitiateAuthentication (SGP.22 v2.2.2 §5.8.1): the ES9+ steps of §3.1.2 with the SM-DS
/// address and CERT.DSauth.ECDSA (§3.6.2).
extension SMDS {
    public func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        var transactionId: TransactionID?
        return try await run("initiateAuthentication", ["transactionId": "\(transactionId?.hex ?? "-")"]) {
            try checkSMDSAddress(request.smdpAddress)
            try checkEUICCChallenge(request.euiccChallenge)
            let svn = try checkSpecificationVersion(request.euiccInfo1.svn)
            try checkCIForServerAuthentication(request.euiccInfo1.euiccCiPKIdListForVerification)
            let ciPKIdToBeUsed = try chooseCIForEUICCSigning(request.euiccInfo1.euiccCiPKIdListForSigning)
            let id = try generateTransactionID()
            transactionId = id
            let serverChallenge = configuration.random(16)
            let serverSigned1 = try Encoded(ServerSigned1(
                transactionId: id.octetString, euiccChallenge: request.euiccChallenge,
                serverAddress: configuration.address, serverChallenge: OctetString(serverChallenge)))
            let serverSignature1 = try signServerSigned1(serverSigned1)
            try await openSession(
                id, euiccChallenge: request.euiccChallenge.bytes, serverChallenge: serverChallenge,
                ciPKId: ciPKIdToBeUsed, svn: svn)
            return InitiateAuthenticationOkEs9(
                transactionId: id.octetString, serverSigned1: serverSigned1, serverSignature1: OctetString(serverSignature1),
                euiccCiPKIdToBeUsed: OctetString(ciPKIdToBeUsed),
                serverCertificate: try CertificateDER(derBytes: try configuration.dsAuth.certificate.derBytes()))
        }
    }

    /// The LPA must address this SM-DS (8.9.1/3.8; the field is named smdpAddress in the ASN.1 but
    /// carries the SM-DS address in ES11). Host names compare case-insensitively (RFC 4343).
    func checkSMDSAddress(_ address: String) throws(StatusCode) {
        guard address.lowercased() == configuration.address.lowercased() else { throw StatusCode.invalidSMDSAddress }
    }

    /// euiccChallenge is an Octet16 (§5.8.1); in-process callers could build another size.
    func checkEUICCChallenge(_ challenge: OctetString) throws(StatusCode) {
        guard challenge.count == 16 else {
            throw StatusCode.malformedRequest.with(message: "euiccChallenge must be 16 bytes, got \(challenge.count)")
        }
    }

    /// This SM-DS speaks SGP.22 v2: the eUICC's SVN must have major version 2 (8.8.3/3.1).
    func checkSpecificationVersion(_ svn: OctetString) throws(StatusCode) -> SpecificationVersion {
        guard let version = try? SpecificationVersion(svn), version.major == 2 else {
            throw StatusCode.unsupportedSVN.with(message: "The Specification Version Number indicated by the eUICC is not supported by the SM-DS")
        }
        return version
    }

    /// The eUICC must be able to verify CERT.DSauth.ECDSA: euiccCiPKIdListForVerification must name
    /// a CI we trust that also issued our DSauth certificate (8.8.2/3.1 otherwise).
    func checkCIForServerAuthentication(_ verification: [OctetString]) throws(StatusCode) {
        let trusted = trustedCIPKIds
        let supported = verification.map(\.bytes).filter { trusted.contains($0) }
        guard !supported.isEmpty else {
            throw StatusCode.unsupportedCIPKId.with(message: "None of the proposed Public Key Identifiers is supported by the SM-DS")
        }
        guard let dsAuthCI = RSPChainValidator.ciPKId(leadingTo: configuration.dsAuth.certificate), supported.contains(dsAuthCI)
        else {
            throw StatusCode.unsupportedCIPKId.with(
                message: "The SM-DS has no CERT.DSauth.ECDSA signed by one of the GSMA CI Public Keys supported by the eUICC")
        }
    }

    /// euiccCiPKIdToBeUsed: a CI of euiccCiPKIdListForSigning that we trust, preferring the one that
    /// issued CERT.DSauth.ECDSA, otherwise the eUICC's first (8.8.2/3.1 when there is none).
    func chooseCIForEUICCSigning(_ signing: [OctetString]) throws(StatusCode) -> [UInt8] {
        let trusted = trustedCIPKIds
        let candidates = signing.map(\.bytes).filter { trusted.contains($0) }
        if let dsAuthCI = RSPChainValidator.ciPKId(leadingTo: configuration.dsAuth.certificate), candidates.contains(dsAuthCI) {
            return dsAuthCI
        }
        guard let first = candidates.first else {
            throw StatusCode.unsupportedCIPKId.with(message: "None of the proposed Public Key Identifiers is supported by the SM-DS")
        }
        return first
    }

    /// SubjectKeyIdentifiers of the trusted CIs (SGP.22 names CIs by them).
    var trustedCIPKIds: [[UInt8]] {
        configuration.trustedCIs.compactMap { try? $0.subjectKeyIdentifierBytes() }
    }

    /// A fresh 16-byte TransactionID, unique per session.
    func generateTransactionID() throws -> TransactionID {
        try TransactionID(bytes: configuration.random(16))
    }

    /// serverSignature1 = DSauth signature over serverSigned1 as sent (§5.8.1).
    func signServerSigned1(_ serverSigned1: Encoded<ServerSigned1>) throws -> [UInt8] {
        try RSPSignature.sign(
            SignedData.serverSignature1(serverSigned1: serverSigned1.derBytes), with: configuration.dsAuth.privateKey
        ).rawRepresentation
    }

    /// Stores the session `initiated`, valid for the configured lifetime.
    func openSession(
        _ transactionId: TransactionID, euiccChallenge: [UInt8], serverChallenge: [UInt8], ciPKId: [UInt8],
        svn: SpecificationVersion
    ) async throws {
        let start = now
        try await store.insertSMDSSession(SMDSSessionRecord(
            transactionId: transactionId, state: .initiated, euiccChallenge: euiccChallenge,
            serverChallenge: serverChallenge, ciPKId: ciPKId, euiccSVN: svn.octetString.bytes,
            createdAt: start, expiresAt: start.addingTimeInterval(configuration.sessionLifetime)))
    }
}
