import Crypto
import LPA
import RSPCore
import RSPCrypto
import X509

/// An SM-DS at the ES11 level with real signatures: it signs serverSigned1 with CERT.DSauth's
/// key (or the identity a test gives it), verifies euiccSignature1 with the eUICC certificate
/// the eUICC sent, and answers with its events — or fails a function a test tells it to.
actor FakeSMDS: ES11Service {
    let log: CallLog
    var authIdentity: RSPIdentity
    let ciPKId: [UInt8]
    var events: [EventEntries]
    var failures: [ES11Function: any Error] = [:]
    let transactionId = OctetString(Array(repeating: 0x3C, count: 16))
    /// When set, AuthenticateClient answers with this transactionId instead of the request's.
    var answerTransactionId: OctetString?

    private(set) var initiateRequests: [InitiateAuthenticationRequest] = []
    private(set) var authenticateClientRequests: [AuthenticateClientRequest] = []

    init(pki: RSPPKI, log: CallLog, events: [EventEntries]) throws {
        self.log = log
        self.authIdentity = pki.dsAuth
        self.ciPKId = try pki.ci.certificate.subjectKeyIdentifierBytes() ?? []
        self.events = events
    }

    func fail(_ function: ES11Function, with error: any Error) { failures[function] = error }
    func authenticate(with identity: RSPIdentity) { authIdentity = identity }
    func answerForTransaction(_ transactionId: OctetString) { answerTransactionId = transactionId }

    private func enter(_ function: ES11Function) async throws {
        await log.record(function.rawValue)
        if let error = failures[function] { throw error }
    }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        initiateRequests.append(request)
        try await enter(.initiateAuthentication)
        let signed = try Encoded(ServerSigned1(
            transactionId: transactionId, euiccChallenge: request.euiccChallenge, serverAddress: request.smdpAddress,
            serverChallenge: OctetString(Array(0x40..<0x50))))
        let signature = try RSPSignature.sign(
            SignedData.serverSignature1(serverSigned1: signed.derBytes), with: authIdentity.privateKey)
        return InitiateAuthenticationOkEs9(
            transactionId: transactionId, serverSigned1: signed, serverSignature1: OctetString(signature.rawRepresentation),
            euiccCiPKIdToBeUsed: OctetString(ciPKId),
            serverCertificate: try CertificateDER(derBytes: authIdentity.certificate.derBytes()))
    }

    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOkEs11 {
        authenticateClientRequests.append(request)
        try await enter(.authenticateClient)
        guard case .authenticateResponseOk(let ok) = request.authenticateServerResponse else {
            throw StatusCode.executionError
        }
        let euiccCertificate = try Certificate(derEncoded: ok.euiccCertificate.derBytes)
        do {
            try RSPSignature.verify(
                rawSignature: ok.euiccSignature1.bytes,
                over: SignedData.euiccSignature1(euiccSigned1: ok.euiccSigned1.derBytes),
                publicKey: euiccCertificate.p256SigningKey())
        } catch {
            throw StatusCode.euiccSignatureInvalid
        }
        return AuthenticateClientOkEs11(transactionId: answerTransactionId ?? request.transactionId, eventEntries: events)
    }
}
