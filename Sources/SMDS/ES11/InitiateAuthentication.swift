import Foundation
import RSPCore
import RSPCrypto
import RSPStore

/// ES11.InitiateAuthentication (SGP.22 v2.2.2 §5.8.1): the ES9+ steps of §3.1.2 with the SM-DS
/// address and CERT.DSauth.ECDSA (§3.6.2), and the same version negotiation as the SM-DP+
/// (`ServerAuthentication.negotiate` with `configuration.supportedVersions`): recorded in the
/// session and logged ("version").
extension SMDS {
    public func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        var transactionId: TransactionID?
        var agreement: VersionNegotiation.Agreement?
        return try await run("initiateAuthentication", [
            "transactionId": "\(transactionId?.hex ?? "-")", "version": "\(agreement.map { "\($0)" } ?? "-")",
        ]) {
            let challenge = try serverAuthentication.initiate(request, random: configuration.random)
            transactionId = challenge.transactionId
            agreement = challenge.agreement
            try await openSession(
                challenge.transactionId, euiccChallenge: request.euiccChallenge.bytes,
                serverChallenge: challenge.serverChallenge, ciPKId: challenge.ciPKId, svn: challenge.svn,
                agreement: challenge.agreement)
            return challenge.response
        }
    }

    /// The checks and signed answer ES11 shares with the other RSP server (RSPCrypto).
    var serverAuthentication: ServerAuthentication {
        ServerAuthentication(
            identity: configuration.dsAuth, address: configuration.address, trustedCIs: configuration.trustedCIs,
            wrongAddress: .invalidSMDSAddress,
            noCertificateForCI: .unsupportedCIPKId.with(
                message: "The SM-DS has no CERT.DSauth.ECDSA signed by one of the GSMA CI Public Keys supported by the eUICC"),
            supportedVersions: configuration.supportedVersions, features: configuration.offeredFeatures)
    }

    /// Stores the session `initiated`, valid for the configured lifetime.
    func openSession(
        _ transactionId: TransactionID, euiccChallenge: [UInt8], serverChallenge: [UInt8], ciPKId: [UInt8],
        svn: SpecificationVersion, agreement: VersionNegotiation.Agreement
    ) async throws {
        let start = now
        try await store.insertSMDSSession(SMDSSessionRecord(
            transactionId: transactionId, state: .initiated, euiccChallenge: euiccChallenge,
            serverChallenge: serverChallenge, ciPKId: ciPKId, euiccSVN: svn.octetString.bytes,
            createdAt: start, expiresAt: start.addingTimeInterval(configuration.sessionLifetime),
            negotiatedVersion: agreement.version, negotiatedFeatures: agreement.features))
    }
}
