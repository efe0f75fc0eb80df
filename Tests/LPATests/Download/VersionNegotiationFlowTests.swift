import EUICC
import LPA
import RSPCore
import RSPCrypto
import Testing
import X509

/// An SM-DP+ that negotiates like a v2/v3 server (`VersionNegotiation.negotiate` over the
/// EUICCInfo1 it receives and its own range) and signs serverSigned1 — with the sessionContext
/// when it announces a version — with CERT.DPauth of a generated PKI. After authentication it
/// answers from the recorded session (the LPA does not verify those signatures; the fake card does
/// not either).
actor NegotiatingSMDP: ES9PlusService {
    let pki: RSPPKI
    let session: RecordedSession
    let log: CallLog
    let range: VersionRange
    let features: RSPFeatures
    /// When set, serverSigned1 carries this sessionContext whatever the negotiation says (a faulty server).
    var forcedSessionContext: SessionContext?

    private(set) var sentSessionContext: SessionContext?
    private(set) var authenticateClientRequests: [AuthenticateClientRequest] = []

    init(pki: RSPPKI, session: RecordedSession, log: CallLog, range: VersionRange, features: RSPFeatures = .all) {
        self.pki = pki
        self.session = session
        self.log = log
        self.range = range
        self.features = features
    }

    func force(_ context: SessionContext) { forcedSessionContext = context }

    func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        await log.record(ES9PlusFunction.initiateAuthentication.rawValue)
        guard let agreement = VersionNegotiation.negotiate(
            device: try request.euiccInfo1.supportedVersions, deviceFeatures: request.euiccInfo1.deviceFeatures,
            server: range, serverFeatures: features)
        else { throw StatusCode.unsupportedSVN }
        let context = forcedSessionContext
            ?? (agreement.announced
                ? SessionContext(serverSvn: agreement.version.octetString, features: features.bitString) : nil)
        sentSessionContext = context
        let signed = try Encoded(ServerSigned1(
            transactionId: session.transactionId, euiccChallenge: request.euiccChallenge, serverAddress: request.smdpAddress,
            serverChallenge: OctetString(Array(0x60..<0x70)), sessionContext: context))
        let signature = try RSPSignature.sign(
            SignedData.serverSignature1(serverSigned1: signed.derBytes), with: pki.dpAuth.privateKey)
        return InitiateAuthenticationOkEs9(
            transactionId: session.transactionId, serverSigned1: signed, serverSignature1: OctetString(signature.rawRepresentation),
            euiccCiPKIdToBeUsed: OctetString(try pki.ci.certificate.subjectKeyIdentifierBytes() ?? []),
            serverCertificate: try CertificateDER(derBytes: pki.dpAuth.certificate.derBytes()))
    }

    func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
        await log.record(ES9PlusFunction.authenticateClient.rawValue)
        authenticateClientRequests.append(request)
        guard case .authenticateResponseOk = request.authenticateServerResponse else { throw StatusCode.executionError }
        return session.authenticateClient
    }

    func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
        await log.record(ES9PlusFunction.getBoundProfilePackage.rawValue)
        return GetBoundProfilePackageOk(transactionId: session.transactionId, boundProfilePackage: session.bpp)
    }

    func handleNotification(_ request: HandleNotification) async throws {
        await log.record(ES9PlusFunction.handleNotification.rawValue)
    }

    func cancelSession(_ request: CancelSessionRequestEs9) async throws {
        await log.record(ES9PlusFunction.cancelSession.rawValue)
    }
}

/// The LPA between the real software eUICC (GetEUICCInfo1, GetEUICCChallenge, AuthenticateServer;
/// the later steps answered from the recorded session) and a negotiating SM-DP+.
struct NegotiationRig {
    let log: CallLog
    let card: FakeEUICCCard
    let isdr: ISDR
    let smdp: NegotiatingSMDP
    let lpa: LocalProfileAssistant
    let session: RecordedSession

    init(card cardRange: String, features: RSPFeatures? = nil, server serverRange: String) async throws {
        let pki = try DiscoveryRig.sharedPKI ?? RSPPKI.generate()
        let session = try RecordedSession()
        let identity = try EUICCIdentity(euicc: pki.euicc, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)
        let isdr = try ISDR(
            identity: identity,
            configuration: EUICCConfiguration(
                initialSupportedVersions: try VersionRange(parsing: cardRange), initialFeatures: features))
        let log = CallLog()
        let card = FakeEUICCCard(log: log)
        let smdp = NegotiatingSMDP(pki: pki, session: session, log: log, range: try VersionRange(parsing: serverRange))
        self.log = log
        self.card = card
        self.isdr = isdr
        self.smdp = smdp
        self.session = session
        lpa = LocalProfileAssistant(es10: ES10Client(transport: card), deviceInfo: DownloadRig.deviceInfo) { _ in smdp }
        for tag: UInt in [32, 46, 56, 62, 60, 34] {
            await card.on(tag) { command in
                guard case .data(let bytes) = await isdr.execute(command) else { return [] }
                return bytes
            }
        }
        await card.on(33) { _ in DownloadRig.der(session.prepareDownloadResponse) }
        await card.answerBPP { _ in DownloadRig.der(session.installationResult) }
        await card.on(65) { command in
            guard let request = try? CancelSessionRequest(derBytes: command) else { return [] }
            return DownloadRig.der(DownloadRig.signedCancellation(request))
        }
        await card.on(48) { _ in DownloadRig.der(NotificationSentResponse(deleteNotificationStatus: .ok)) }
    }

    var activationCode: ActivationCode {
        ActivationCode(smdpAddress: RecordedSession.smdpAddress, matchingID: "04386-AGYFT-A74Y8-3F815")
    }

    /// ctxParams1 of the AuthenticateServer the LPA sent.
    func sentContext() async throws -> CtxParamsForCommonAuthentication {
        let request = try AuthenticateServerRequest(derBytes: try #require(await card.commands[56]?.first))
        guard case .ctxParamsForCommonAuthentication(let context) = request.ctxParams1 else {
            throw VectorFieldMissing(field: "ctxParamsForCommonAuthentication")
        }
        return context
    }
}

@Suite("The LPA derives the negotiated SGP.22 version, sends operationType only in v3 sessions and reports the agreement")
struct VersionNegotiationFlowTests {
    static let v222 = SpecificationVersion(2, 2, 2)
    static let v310 = SpecificationVersion(3, 1, 0)

    @Test("a 2.2.2 card with a 2.2.2-3.1.0 server: v2 session, no sessionContext, no operationType, agreement 2.2.2")
    func v2Card() async throws {
        let rig = try await NegotiationRig(card: "2.2.2", server: "2.2.2-3.1.0")
        let result = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        #expect(await rig.smdp.sentSessionContext == nil)
        #expect(try await rig.sentContext().operationType == nil)
        #expect(result.agreement == VersionNegotiation.Agreement(version: Self.v222, features: .profileDownload, announced: false))
        // ctxParams1 is exactly the v2 one.
        #expect(try await rig.sentContext().derEncoded()
            == CtxParamsForCommonAuthentication(matchingId: "04386-AGYFT-A74Y8-3F815", deviceInfo: DownloadRig.deviceInfo).derEncoded())
        #expect(await rig.log.entries == DownloadFlowTests.successOrder)
    }

    @Test("a 2.2.2-3.1.0 card with a 2.2.2 server: the card's lowest version, no operationType")
    func v2Server() async throws {
        let rig = try await NegotiationRig(card: "2.2.2-3.1.0", server: "2.2.2")
        let result = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        #expect(await rig.smdp.sentSessionContext == nil)
        #expect(try await rig.sentContext().operationType == nil)
        #expect(result.agreement == VersionNegotiation.Agreement(version: Self.v222, features: .profileDownload, announced: false))
    }

    @Test("a 2.2.2-3.1.0 card with a 2.2.2-3.1.0 server: v3.1.0 announced, operationType {profileDownload}, signed by the eUICC")
    func v3Session() async throws {
        let rig = try await NegotiationRig(card: "2.2.2-3.1.0", server: "2.2.2-3.1.0")
        let result = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        #expect(await rig.smdp.sentSessionContext?.serverSvn.bytes == [3, 1, 0])
        let context = try await rig.sentContext()
        #expect(context.operationType == BitString(bits: [CtxParamsForCommonAuthentication.Operation.profileDownload.rawValue]))
        #expect(result.agreement == VersionNegotiation.Agreement(version: Self.v310, features: .all, announced: true))
        #expect(result.agreement.features.description == "profileDownload,rpm,deviceChange")
        // The eUICC signed the ctxParams1 the LPA built, operationType included, and the server got it.
        let sent = try #require(await rig.smdp.authenticateClientRequests.first)
        guard case .authenticateResponseOk(let ok) = sent.authenticateServerResponse else {
            Issue.record("the SM-DP+ did not get the eUICC's signed answer")
            return
        }
        #expect(ok.euiccSigned1.value.ctxParams1 == .ctxParamsForCommonAuthentication(context))
        #expect(await rig.log.entries == DownloadFlowTests.successOrder)
    }

    @Test("a card listing profileDownload and rpm gets that intersection in the agreement")
    func cardFeatures() async throws {
        let rig = try await NegotiationRig(card: "2.2.2-3.1.0", features: [.profileDownload, .rpm], server: "3.1.0")
        let result = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        #expect(result.agreement == VersionNegotiation.Agreement(version: Self.v310, features: [.profileDownload, .rpm], announced: true))
    }

    @Test("a server naming a version the card did not offer: the eUICC refuses, the server is told, versionRefused is thrown")
    func versionNotOffered() async throws {
        let rig = try await NegotiationRig(card: "2.2.2-3.0.0", server: "2.2.2-3.1.0")
        await rig.smdp.force(SessionContext(serverSvn: Self.v310.octetString))
        await #expect(throws: LPAError.versionRefused(
            .versionNotOffered(Self.v310, offered: try VersionRange(parsing: "2.2.2-3.0.0")))) {
            _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        }
        // No operationType without an agreement; the eUICC's refusal reached the SM-DP+; nothing followed.
        #expect(try await rig.sentContext().operationType == nil)
        let sent = try #require(await rig.smdp.authenticateClientRequests.first)
        guard case .authenticateResponseError(let error) = sent.authenticateServerResponse else {
            Issue.record("the SM-DP+ was not told of the refusal")
            return
        }
        #expect(error.authenticateErrorCode == .undefinedError)
        #expect(await rig.card.commands[33] == nil)
    }

    @Test("a session whose agreement lacks profileDownload starts no download: nothing reaches AuthenticateServer")
    func downloadNeedsTheFeature() async throws {
        let rig = try await NegotiationRig(card: "2.2.2-3.1.0", features: [.rpm], server: "2.2.2-3.1.0")
        let agreement = VersionNegotiation.Agreement(version: Self.v310, features: .rpm, announced: true)
        await #expect(throws: LPAError.featureNotNegotiated(.profileDownload, agreement: agreement)) {
            _ = try await rig.lpa.download(activationCode: rig.activationCode, confirmationCode: nil)
        }
        #expect(await rig.card.commands[56] == nil)
        #expect(throws: Never.self) { try LocalProfileAssistant.requireFeature(.rpm, in: agreement) }
        #expect(throws: LPAError.self) { try LocalProfileAssistant.requireFeature(.deviceChange, in: agreement) }
    }

    @Test("info reports the card's range and features: from EUICCInfo1, or the version's own for a v2 card")
    func info() async throws {
        let multi = try await NegotiationRig(card: "2.2.2-3.1.0", features: [.profileDownload, .rpm], server: "2.2.2")
        let info = try await multi.lpa.info()
        #expect(info.supportedVersions == (try VersionRange(parsing: "2.2.2-3.1.0")))
        #expect(info.features == [.profileDownload, .rpm])
        let v2 = try await NegotiationRig(card: "2.2.2", server: "2.2.2").lpa.info()
        #expect(v2.supportedVersions == VersionRange(Self.v222))
        #expect(v2.features == .profileDownload)
        #expect(v2.euiccInfo1?.highestSvn == nil)
    }
}
