import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import X509

/// ES9+.InitiateAuthentication (SGP.22 v2.2.2 §5.6.1; §3.1.2 common mutual authentication, steps 6–10).
extension SMDPPlus {
    public func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        var transactionId: TransactionID?
        return try await run("initiateAuthentication", transactionId: transactionId?.hex) {
            let challenge = try serverAuthentication.initiate(request, random: configuration.random)
            transactionId = challenge.transactionId
            try await openSession(
                challenge.transactionId, euiccChallenge: request.euiccChallenge.bytes,
                serverChallenge: challenge.serverChallenge, ciPKId: challenge.ciPKId, svn: challenge.svn)
            return challenge.response
        }
    }

    /// The checks and signed answer ES9+ shares with the other RSP server (RSPCrypto).
    var serverAuthentication: ServerAuthentication {
        ServerAuthentication(
            identity: configuration.dpAuth, address: configuration.address, trustedCIs: configuration.trustedCIs,
            wrongAddress: .invalidSMDPAddress, noCertificateForCI: .noSMDPCertificateForCI)
    }

    /// Stores the session `initiated`, valid for the configured lifetime.
    func openSession(
        _ transactionId: TransactionID, euiccChallenge: [UInt8], serverChallenge: [UInt8], ciPKId: [UInt8],
        svn: SpecificationVersion
    ) async throws {
        let start = now
        try await store.insertSession(SessionRecord(
            transactionId: transactionId, state: .initiated, euiccChallenge: euiccChallenge,
            serverChallenge: serverChallenge, ciPKId: ciPKId, euiccSVN: svn.octetString.bytes,
            createdAt: start, expiresAt: start.addingTimeInterval(configuration.sessionLifetime)))
    }
}
