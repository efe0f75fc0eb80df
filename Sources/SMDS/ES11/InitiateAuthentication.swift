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
            let challenge = try serverAuthentication.initiate(request, random: configuration.random)
            transactionId = challenge.transactionId
            try await openSession(
                challenge.transactionId, euiccChallenge: request.euiccChallenge.bytes,
                serverChallenge: challenge.serverChallenge, ciPKId: challenge.ciPKId, svn: challenge.svn)
            return challenge.response
        }
    }

    /// The checks and signed answer ES11 shares with the other RSP server (RSPCrypto).
    var serverAuthentication: ServerAuthentication {
        ServerAuthentication(
            identity: configuration.dsAuth, address: configuration.address, trustedCIs: configuration.trustedCIs,
            wrongAddress: .invalidSMDSAddress,
            noCertificateForCI: .unsupportedCIPKId.with(
                message: "The SM-DS has no CERT.DSauth.ECDSA signed by one of the GSMA CI Public Keys supported by the eUICC"))
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
