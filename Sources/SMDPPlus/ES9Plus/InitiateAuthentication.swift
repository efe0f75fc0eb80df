import Foundation
import RSPCore
import RSPCrypto
import RSPStore
import X509

/// ES9+.InitiateAuthentication (SGP.22 v2.2.2 §5.6.1; §3.1.2 common mutual authentication, steps 6–10),
/// with version negotiation (`ServerAuthentication.negotiate`): the session runs at the highest
/// version the eUICC and `configuration.supportedVersions` share, recorded in the session and
/// logged ("version"); serverSigned1 names it (sessionContext) only above the eUICC's lowest.
extension SMDPPlus {
    public func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        var transactionId: TransactionID?
        var agreement: VersionNegotiation.Agreement?
        return try await run(
            "initiateAuthentication", transactionId: transactionId?.hex,
            metadata: ["version": "\(agreement.map { "\($0)" } ?? "-")"]
        ) {
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

    /// The checks and signed answer ES9+ shares with the other RSP server (RSPCrypto).
    var serverAuthentication: ServerAuthentication {
        ServerAuthentication(
            identity: configuration.dpAuth, address: configuration.address, trustedCIs: configuration.trustedCIs,
            wrongAddress: .invalidSMDPAddress, noCertificateForCI: .noSMDPCertificateForCI,
            supportedVersions: configuration.supportedVersions, features: configuration.offeredFeatures)
    }

    /// Stores the session `initiated`, valid for the configured lifetime.
    func openSession(
        _ transactionId: TransactionID, euiccChallenge: [UInt8], serverChallenge: [UInt8], ciPKId: [UInt8],
        svn: SpecificationVersion, agreement: VersionNegotiation.Agreement
    ) async throws {
        let start = now
        try await store.insertSession(SessionRecord(
            transactionId: transactionId, state: .initiated, euiccChallenge: euiccChallenge,
            serverChallenge: serverChallenge, ciPKId: ciPKId, euiccSVN: svn.octetString.bytes,
            createdAt: start, expiresAt: start.addingTimeInterval(configuration.sessionLifetime),
            negotiatedVersion: agreement.version, negotiatedFeatures: agreement.features))
    }
}
