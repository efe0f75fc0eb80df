import Foundation
import RSPCore
import X509

/// The RSP server's half of the common mutual authentication (SGP.22 v2.2.2 §3.1.2 steps 6–10),
/// shared by ES9+.InitiateAuthentication (SM-DP+ with CERT.DPauth, §5.6.1) and
/// ES11.InitiateAuthentication (SM-DS with CERT.DSauth, §5.8.1): the request's checks, a fresh
/// transaction and server challenge, the session's SGP.22 version (`negotiate`), and
/// serverSigned1 signed as it is sent. The caller stores the session and answers with `response`.
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
    /// The SGP.22 versions this server runs (`VersionNegotiation`).
    public var supportedVersions: VersionRange
    /// The functions this server offers (the feature list it signs in sessionContext).
    public var features: RSPFeatures

    /// - Parameter features: nil: those of the highest supported version.
    public init(identity: RSPIdentity, address: String, trustedCIs: [Certificate], wrongAddress: StatusCode,
                noCertificateForCI: StatusCode, supportedVersions: VersionRange = .openRSPDefault,
                features: RSPFeatures? = nil) {
        self.identity = identity
        self.address = address
        self.trustedCIs = trustedCIs
        self.wrongAddress = wrongAddress
        self.noCertificateForCI = noCertificateForCI
        self.supportedVersions = supportedVersions
        self.features = features ?? supportedVersions.highest.features
    }

    /// What one successful InitiateAuthentication produced.
    public struct Challenge: Sendable {
        public var transactionId: TransactionID
        public var serverChallenge: [UInt8]
        /// euiccCiPKIdToBeUsed: the CI the eUICC's chain must lead to.
        public var ciPKId: [UInt8]
        /// EUICCInfo1.svn: the eUICC's lowest (for a v2 eUICC: its only) version.
        public var svn: SpecificationVersion
        /// The version and features of the session; `announced`: serverSigned1 carries sessionContext.
        public var agreement: VersionNegotiation.Agreement
        public var response: InitiateAuthenticationOkEs9
    }

    public func initiate(
        _ request: InitiateAuthenticationRequest, random: (Int) -> [UInt8]
    ) throws -> Challenge {
        try checkAddress(request.smdpAddress)
        try checkEUICCChallenge(request.euiccChallenge)
        let (svn, agreement) = try negotiate(request.euiccInfo1)
        try checkCIForServerAuthentication(request.euiccInfo1.euiccCiPKIdListForVerification)
        let ciPKId = try chooseCIForEUICCSigning(request.euiccInfo1.euiccCiPKIdListForSigning)
        let transactionId = try TransactionID(bytes: random(16))
        let serverChallenge = random(16)
        let serverSigned1 = try Encoded(ServerSigned1(
            transactionId: transactionId.octetString, euiccChallenge: request.euiccChallenge,
            serverAddress: address, serverChallenge: OctetString(serverChallenge),
            sessionContext: Self.sessionContext(agreement)))
        let serverSignature1 = try RSPSignature.sign(
            SignedData.serverSignature1(serverSigned1: serverSigned1.derBytes), with: identity.privateKey)
        let response = InitiateAuthenticationOkEs9(
            transactionId: transactionId.octetString, serverSigned1: serverSigned1,
            serverSignature1: OctetString(serverSignature1.rawRepresentation), euiccCiPKIdToBeUsed: OctetString(ciPKId),
            serverCertificate: identity.certificateDER)
        return Challenge(
            transactionId: transactionId, serverChallenge: serverChallenge, ciPKId: ciPKId, svn: svn, agreement: agreement,
            response: response)
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

    /// The session's version (`VersionNegotiation`): the highest in both the eUICC's range
    /// (EUICCInfo1 svn…highestSvn) and ours, with the features both list; 8.8.3/3.1 when the
    /// ranges do not meet or EUICCInfo1 names no valid range. Before the strict rule refuses, the
    /// v2 compatibility rule (`v2Compatibility`) serves a v2 eUICC as a v2 server always did.
    /// Returns EUICCInfo1.svn too (the session records it).
    public func negotiate(
        _ info: EUICCInfo1
    ) throws(StatusCode) -> (svn: SpecificationVersion, agreement: VersionNegotiation.Agreement) {
        let device: VersionRange
        do { device = try info.supportedVersions } catch {
            throw StatusCode.unsupportedSVN.with(message: "EUICCInfo1 names no valid SGP.22 version range (\(error))")
        }
        let deviceFeatures = info.deviceFeatures
        guard let agreement = VersionNegotiation.negotiate(
            device: device, deviceFeatures: deviceFeatures, server: supportedVersions, serverFeatures: features)
            ?? Self.v2Compatibility(device: device, deviceFeatures: deviceFeatures, server: supportedVersions, serverFeatures: features)
        else {
            throw StatusCode.unsupportedSVN.with(
                message: "The eUICC supports SGP.22 \(device), this server \(supportedVersions)")
        }
        return (device.lowest, agreement)
    }

    /// SGP.22 v2 minor versions share one wire format, and a v2 server serves every v2 eUICC (the
    /// rule before negotiation: any SVN 2.x.y, e.g. pySim's 2.4.0 against our 2.2.2). So when the
    /// strict ranges do not meet, an eUICC whose lowest version is a v2 one is still served by a
    /// server that runs some v2 version: at the eUICC's lowest version, not announced (no
    /// sessionContext), with that version's features — exactly as a v2 server serves it.
    static func v2Compatibility(
        device: VersionRange, deviceFeatures: RSPFeatures?, server: VersionRange, serverFeatures: RSPFeatures
    ) -> VersionNegotiation.Agreement? {
        let version = device.lowest
        guard version.major == 2, server.lowest.major <= 2, server.highest.major >= 2 else { return nil }
        let features = version.features.intersection(serverFeatures).intersection(deviceFeatures ?? version.features)
        return VersionNegotiation.Agreement(version: version, features: features, announced: false)
    }

    /// serverSigned1's sessionContext [5]: the version and features, only when announced (a
    /// version above the eUICC's lowest); otherwise none, so serverSigned1 is a v2 one.
    static func sessionContext(_ agreement: VersionNegotiation.Agreement) -> SessionContext? {
        guard agreement.announced else { return nil }
        return SessionContext(serverSvn: agreement.version.octetString, features: agreement.features.bitString)
    }

    /// What the eUICC asks for in ctxParams1.operationType (SGP.22 v3: profileDownload(0),
    /// rpm(1)), checked against the session's version and features. A version without an
    /// operation type (v2) ignores the field: the session is a profile download (at an SM-DS, an
    /// event retrieval). With one, an absent field means profile download (v3's default), and an
    /// operation outside the negotiated features — or one this build does not know — is refused
    /// as `unsupportedFunction` (1.2/3.1 "Function not supported"): the eUICC asks for a function
    /// this session did not agree on.
    ///
    /// - Parameters:
    ///   - version: the session's negotiated version; nil for a session stored before negotiation
    ///     existed (a v2 one).
    ///   - features: the session's negotiated features; nil: those of `version`.
    public static func requestedOperations(
        _ params: CtxParamsForCommonAuthentication, version: SpecificationVersion?, features: RSPFeatures?
    ) throws(StatusCode) -> RSPFeatures {
        guard let version, version.hasOperationType, let operationType = params.operationType else { return .profileDownload }
        let features = features ?? version.features
        var requested = RSPFeatures()
        for bit in operationType.setBits {
            switch CtxParamsForCommonAuthentication.Operation(rawValue: bit) {
            case .profileDownload: requested.insert(.profileDownload)
            case .rpm: requested.insert(.rpm)
            case nil: throw StatusCode.unsupportedFunction.with(message: "operationType bit \(bit) names no known operation")
            }
        }
        guard !requested.isEmpty else { throw StatusCode.unsupportedFunction.with(message: "operationType names no operation") }
        let outside = requested.subtracting(features)
        guard outside.isEmpty else {
            throw StatusCode.unsupportedFunction.with(
                message: "operationType \(outside) was not negotiated for this session (SGP.22 \(version): \(features))")
        }
        return requested
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
