import Foundation
import RSPCore
import X509

/// The RSP server's half of the common mutual authentication (SGP.22 v2.2.2 §3.1.2 steps 6–10),
/// shared by ES9+.InitiateAuthentication (SM-DP+ with CERT.DPauth, §5.6.1) and
/// ES11.InitiateAuthentication (SM-DS with CERT.DSauth, §5.8.1): the request's checks, a fresh
/// transaction and server challenge, and serverSigned1 signed as it is sent. The caller stores
/// the session and answers with `response`.
public struct ServerAuthentication: Sendable {
    /// CERT.XXauth.ECDSA with its key.
    public var identity: RSPIdentity
    /// The address the LPA must name (serverAddress in serverSigned1).
    public var address: String
    public var trustedCIs: [Certificate]
    /// The answer when the LPA names another server (SM-DP+ 8.8.1/3.8, SM-DS 8.9.1/3.8).
    public var wrongAddress: StatusCode
    /// The answer when the eUICC cannot verify the CI of our certificate (SM-DP+ 8.8.4/3.7).
    public var noCertificateForCI: StatusCode

    public init(identity: RSPIdentity, address: String, trustedCIs: [Certificate], wrongAddress: StatusCode,
                noCertificateForCI: StatusCode) {
        self.identity = identity
        self.address = address
        self.trustedCIs = trustedCIs
        self.wrongAddress = wrongAddress
        self.noCertificateForCI = noCertificateForCI
    }

    /// What one successful InitiateAuthentication produced.
    public struct Challenge: Sendable {
        public var transactionId: TransactionID
        public var serverChallenge: [UInt8]
        /// euiccCiPKIdToBeUsed: the CI the eUICC's chain must lead to.
        public var ciPKId: [UInt8]
        public var svn: SpecificationVersion
        public var response: InitiateAuthenticationOkEs9
    }

    public func initiate(
        _ request: InitiateAuthenticationRequest, random: (Int) -> [UInt8]
    ) throws -> Challenge {
        try checkAddress(request.smdpAddress)
        try checkEUICCChallenge(request.euiccChallenge)
        let svn = try checkSpecificationVersion(request.euiccInfo1.svn)
        try checkCIForServerAuthentication(request.euiccInfo1.euiccCiPKIdListForVerification)
        let ciPKId = try chooseCIForEUICCSigning(request.euiccInfo1.euiccCiPKIdListForSigning)
        let transactionId = try TransactionID(bytes: random(16))
        let serverChallenge = random(16)
        let serverSigned1 = try Encoded(ServerSigned1(
            transactionId: transactionId.octetString, euiccChallenge: request.euiccChallenge,
            serverAddress: address, serverChallenge: OctetString(serverChallenge)))
        let serverSignature1 = try RSPSignature.sign(
            SignedData.serverSignature1(serverSigned1: serverSigned1.derBytes), with: identity.privateKey)
        let response = InitiateAuthenticationOkEs9(
            transactionId: transactionId.octetString, serverSigned1: serverSigned1,
            serverSignature1: OctetString(serverSignature1.rawRepresentation), euiccCiPKIdToBeUsed: OctetString(ciPKId),
            serverCertificate: try CertificateDER(derBytes: try identity.certificate.derBytes()))
        return Challenge(transactionId: transactionId, serverChallenge: serverChallenge, ciPKId: ciPKId, svn: svn, response: response)
    }

    /// The LPA must address this server. Host names compare case-insensitively (RFC 4343).
    func checkAddress(_ requested: String) throws(StatusCode) {
        guard requested.lowercased() == address.lowercased() else { throw wrongAddress }
    }

    /// euiccChallenge is an Octet16; in-process callers could build another size.
    func checkEUICCChallenge(_ challenge: OctetString) throws(StatusCode) {
        guard challenge.count == 16 else {
            throw StatusCode.malformedRequest.with(message: "euiccChallenge must be 16 bytes, got \(challenge.count)")
        }
    }

    /// This server speaks SGP.22 v2: the eUICC's SVN (EUICCInfo1.svn) must have major version 2 (8.8.3/3.1).
    func checkSpecificationVersion(_ svn: OctetString) throws(StatusCode) -> SpecificationVersion {
        guard let version = try? SpecificationVersion(svn), version.major == 2 else { throw StatusCode.unsupportedSVN }
        return version
    }

    /// The eUICC must be able to verify our certificate: one of euiccCiPKIdListForVerification must be a
    /// CI we trust (else 8.8.2/3.1) and the CI that issued our certificate (else `noCertificateForCI`).
    func checkCIForServerAuthentication(_ verification: [OctetString]) throws(StatusCode) {
        let trusted = trustedCIPKIds
        let supported = verification.map(\.bytes).filter { trusted.contains($0) }
        guard !supported.isEmpty else { throw StatusCode.unsupportedCIPKId }
        guard let ourCI = RSPChainValidator.ciPKId(leadingTo: identity.certificate), supported.contains(ourCI) else {
            throw noCertificateForCI
        }
    }

    /// euiccCiPKIdToBeUsed: a CI of euiccCiPKIdListForSigning that we trust, preferring the one that issued
    /// our certificate, otherwise the eUICC's first (8.8.2/3.1 when there is none).
    func chooseCIForEUICCSigning(_ signing: [OctetString]) throws(StatusCode) -> [UInt8] {
        let candidates = signing.map(\.bytes).filter { trustedCIPKIds.contains($0) }
        if let ourCI = RSPChainValidator.ciPKId(leadingTo: identity.certificate), candidates.contains(ourCI) {
            return ourCI
        }
        guard let first = candidates.first else { throw StatusCode.unsupportedCIPKId }
        return first
    }

    /// SubjectKeyIdentifiers of the trusted CIs (SGP.22 names CIs by them).
    var trustedCIPKIds: [[UInt8]] {
        trustedCIs.compactMap { try? $0.subjectKeyIdentifierBytes() }
    }
}
