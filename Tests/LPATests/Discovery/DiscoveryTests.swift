import LPA
import RSPCore
import RSPCrypto
import Testing

@Suite("Event retrieval from an SM-DS (SGP.22 §3.6.2) with the software eUICC and an SM-DS signing with CERT.DSauth")
struct DiscoveryTests {
    static let order = [
        "ES10a.GetEuiccConfiguredAddresses", "ES10b.GetEUICCInfo1", "ES10b.GetEUICCChallenge",
        "ES11.InitiateAuthentication", "ES10b.AuthenticateServer", "ES11.AuthenticateClient",
    ]

    @Test("discovery asks the eUICC's root SM-DS, runs the §3.6.2 steps in order and returns its events")
    func success() async throws {
        let rig = try await DiscoveryRig()
        let events = try await rig.lpa.discover()
        #expect(events == DiscoveryRig.events)
        #expect(await rig.log.entries == Self.order)
        #expect(rig.requestedAddresses.addresses == [DiscoveryRig.rootSmdsAddress])
        #expect(await rig.smds.initiateRequests.first?.smdpAddress == DiscoveryRig.rootSmdsAddress)
    }

    @Test("AuthenticateServer carries ctxParams1 with the device info and without matchingId, as signed by the eUICC")
    func ctxParamsWithoutMatchingId() async throws {
        let rig = try await DiscoveryRig()
        _ = try await rig.lpa.discover()
        let command = try #require(await rig.card.commands[56]?.first)
        let request = try AuthenticateServerRequest(derBytes: command)
        guard case .ctxParamsForCommonAuthentication(let context) = request.ctxParams1 else {
            Issue.record("ctxParams1 is not ctxParamsForCommonAuthentication")
            return
        }
        #expect(context.matchingId == nil)
        #expect(context.deviceInfo == DownloadRig.deviceInfo)
        let sent = try #require(await rig.smds.authenticateClientRequests.first)
        guard case .authenticateResponseOk(let ok) = sent.authenticateServerResponse else {
            Issue.record("the SM-DS did not receive the eUICC's signed answer")
            return
        }
        #expect(ok.euiccSigned1.value.ctxParams1 == request.ctxParams1)
        #expect(ok.euiccSigned1.value.serverAddress == DiscoveryRig.rootSmdsAddress)
        #expect(sent.transactionId == (await rig.smds.transactionId))
    }

    @Test("an explicit SM-DS address is used and the eUICC's configured addresses are not read")
    func explicitAddress() async throws {
        let rig = try await DiscoveryRig()
        let events = try await rig.lpa.discover(smdsAddress: "other-smds.openrsp.test")
        #expect(events == DiscoveryRig.events)
        #expect(rig.requestedAddresses.addresses == ["other-smds.openrsp.test"])
        #expect(await rig.card.commands[60] == nil)
        #expect(await rig.smds.initiateRequests.first?.smdpAddress == "other-smds.openrsp.test")
    }

    @Test("a status code from ES11.AuthenticateClient is surfaced as the SM-DS's refusal")
    func authenticateClientStatusCode() async throws {
        let rig = try await DiscoveryRig()
        await rig.smds.fail(.authenticateClient, with: StatusCode.eidRefused)
        await #expect(throws: LPAError.smds(.eidRefused, function: .authenticateClient)) {
            try await rig.lpa.discover()
        }
    }

    @Test("a status code from ES11.InitiateAuthentication is surfaced before the eUICC authenticates anything")
    func initiateAuthenticationStatusCode() async throws {
        let rig = try await DiscoveryRig()
        await rig.smds.fail(.initiateAuthentication, with: StatusCode.unsupportedCIPKId)
        await #expect(throws: LPAError.smds(.unsupportedCIPKId, function: .initiateAuthentication)) {
            try await rig.lpa.discover()
        }
        #expect(await rig.card.commands[56] == nil)
    }

    @Test("an SM-DS that cannot be reached is reported with its address")
    func unreachable() async throws {
        struct ConnectionRefused: Error {}
        let rig = try await DiscoveryRig()
        await rig.smds.fail(.initiateAuthentication, with: ConnectionRefused())
        do {
            _ = try await rig.lpa.discover()
            Issue.record("discovery succeeded")
        } catch {
            guard case .smdsUnreachable(let address, let function, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(address == DiscoveryRig.rootSmdsAddress)
            #expect(function == .initiateAuthentication)
        }
    }

    @Test("the eUICC refuses an SM-DS authenticating with CERT.DPpb; the refusal is surfaced and sent to the SM-DS")
    func euiccRefusesWrongRole() async throws {
        let rig = try await DiscoveryRig()
        await rig.smds.authenticate(with: rig.pki.dpPb)
        await #expect(throws: LPAError.es10(ES10FunctionError(.authenticateServer, AuthenticateErrorCode.invalidCertificate))) {
            try await rig.lpa.discover()
        }
        #expect(await rig.log.entries == Self.order)
        let sent = try #require(await rig.smds.authenticateClientRequests.first)
        guard case .authenticateResponseError(let refusal) = sent.authenticateServerResponse else {
            Issue.record("the SM-DS did not receive the eUICC's refusal")
            return
        }
        #expect(refusal.authenticateErrorCode == .invalidCertificate)
    }

    @Test("the eUICC refuses an SM-DS whose CERT.DSauth comes from a CI it does not trust: ciPKUnknown")
    func euiccRefusesForeignCI() async throws {
        let rig = try await DiscoveryRig()
        await rig.smds.authenticate(with: try RSPPKI.generate().dsAuth)
        await #expect(throws: LPAError.es10(ES10FunctionError(.authenticateServer, AuthenticateErrorCode.ciPKUnknown))) {
            try await rig.lpa.discover()
        }
    }

    @Test("an SM-DS answer for another transaction is refused")
    func foreignTransaction() async throws {
        let rig = try await DiscoveryRig()
        await rig.smds.answerForTransaction(OctetString([9, 9, 9]))
        await #expect(throws: LPAError.unexpectedResponse(
            function: ES11Function.authenticateClient.rawValue, reason: "transactionId of another session"))
        {
            try await rig.lpa.discover()
        }
    }

    @Test("an eUICC without a root SM-DS address makes discovery fail before any SM-DS is contacted")
    func noRootAddress() async throws {
        let rig = try await DiscoveryRig(rootSmdsAddress: "")
        do {
            _ = try await rig.lpa.discover()
            Issue.record("discovery succeeded")
        } catch {
            guard case .discoveryNotConfigured = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
        #expect(rig.requestedAddresses.addresses.isEmpty)
        #expect(await rig.log.entries == ["ES10a.GetEuiccConfiguredAddresses"])
    }

    @Test("an LPA built without an ES11 factory says discovery is not configured")
    func withoutES11Factory() async throws {
        let rig = try await DownloadRig()
        do {
            _ = try await rig.lpa.discover(smdsAddress: "smds.example.com")
            Issue.record("discovery succeeded")
        } catch {
            guard case .discoveryNotConfigured(let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(reason.contains("smds.example.com"))
        }
        #expect(await rig.card.commands[56] == nil)
    }
}
