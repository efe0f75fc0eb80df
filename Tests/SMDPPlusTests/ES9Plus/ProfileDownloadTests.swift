import RSPTestSupport
import Crypto
import Foundation
import ProfilePackage
import RSPCore
import RSPCrypto
import RSPStore
import SMDPPlus
import SwiftASN1
import Testing
import X509

@Suite("Profile download (SGP.22 §3.1.3): the whole ES9+ sequence against a test eUICC")
struct ProfileDownloadTests {
    @Test("a TS.48 profile is imported, ordered, bound to the eUICC, opened byte for byte and reported installed")
    func happyPath() async throws {
        let env = try SMDPTestEnvironment()
        let upp = try SMDPTestEnvironment.upp()
        let record = try await env.smdp.importProfile(upp: upp, serviceProviderName: "OpenRSP Test")
        let (order, activationCode) = try await env.smdp.createOrder(iccid: record.iccid)
        #expect(activationCode.smdpAddress == SMDPTestEnvironment.address)
        #expect(activationCode.matchingID == order.matchingId)
        #expect(activationCode.smdpOID == "2.999.10")
        #expect(order.state == .released)

        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        #expect(initiated.transactionId.count == 16)
        #expect(initiated.euiccCiPKIdToBeUsed.bytes == (try env.pki.ci.certificate.subjectKeyIdentifierBytes()))
        let initiatedSession = try #require(await env.store.session(transactionId: TransactionID(initiated.transactionId)))
        #expect(initiatedSession.state == .initiated)

        let authenticated = try await env.smdp.authenticateClient(
            try euicc.authenticateServer(initiated, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address))
        #expect(authenticated.transactionId == initiated.transactionId)
        #expect(authenticated.profileMetaData.iccid == record.iccid)
        #expect(authenticated.profileMetaData.serviceProviderName == "OpenRSP Test")
        #expect(authenticated.profileMetaData.profileName == record.profileType)
        #expect(authenticated.profileMetaData.profileClass == .operational)
        #expect(authenticated.profileMetaData.notificationConfigurationInfo?.map(\.notificationAddress)
            == Array(repeating: SMDPTestEnvironment.address, count: 4))
        #expect(authenticated.prepareDownloadRequest.smdpSigned2.value.ccRequiredFlag == false)
        #expect(try await env.orderState(order.matchingId).state == .released)

        let prepared = try euicc.prepareDownload(authenticated)
        let bound = try await env.smdp.getBoundProfilePackage(prepared)
        #expect(bound.transactionId == initiated.transactionId)
        let contents = try euicc.loadBoundProfilePackage(bound.boundProfilePackage)
        #expect(contents.profileElements == upp)
        #expect(try StoreMetadataRequest(derBytes: contents.storeMetadata) == authenticated.profileMetaData)
        let configure = try ConfigureISDPRequest(derBytes: contents.configureISDP)
        #expect(configure.dpProprietaryData?.dpOid == env.smdpOID)
        let replace = try ReplaceSessionKeysRequest(derBytes: try #require(contents.replaceSessionKeys))
        let keyLengths: [Int] = [replace.ppkEnc.count, replace.ppkCmac.count, replace.initialMacChainingValue.count]
        #expect(keyLengths == [16, 16, 16])

        let afterBinding = try await env.orderState(order.matchingId)
        #expect(afterBinding.state == .downloaded)
        #expect(afterBinding.downloadedBy == euicc.eid)
        let boundSession = try #require(await env.store.session(transactionId: TransactionID(initiated.transactionId)))
        #expect(boundSession.state == .bound)
        let oneTimeKey = try #require(euicc.oneTimeKey)
        #expect(boundSession.euiccOtpk == ECKA.uncompressed(oneTimeKey.publicKey))

        let result = try euicc.profileInstallationResult(
            seqNumber: 1, iccid: record.iccid, smdpAddress: SMDPTestEnvironment.address, smdpOid: env.smdpOID)
        try await env.smdp.handleNotification(HandleNotification(pendingNotification: .profileInstallationResult(result)))
        #expect(try await env.orderState(order.matchingId).state == .installed)
        #expect(try await env.store.session(transactionId: TransactionID(initiated.transactionId))?.state == .completed)
        let notifications = await env.store.notifications(eid: euicc.eid)
        #expect(notifications.map(\.event) == ["install"])
        #expect(notifications.first?.payload == (try PendingNotification.profileInstallationResult(result).derEncoded()))
        #expect(try await env.smdp.inventory().map(\.state) == [.installed])
    }

    @Test("the BPP uses the configured segment size and still opens to the exact UPP")
    func smallSegments() async throws {
        let pki = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: SMDPTestEnvironment.address))
        let store = InMemorySMDPStore()
        let smdp = SMDPPlus(
            configuration: try SMDPConfiguration(
                address: SMDPTestEnvironment.address, dpAuth: pki.dpAuth, dpPb: pki.dpPb,
                trustedCIs: [pki.ci.certificate], bppSegmentSize: 500),
            store: store)
        let upp = try SMDPTestEnvironment.upp()
        let record = try await smdp.importProfile(upp: upp)
        let (order, _) = try await smdp.createOrder(iccid: record.iccid)
        var euicc = try TestEUICC(pki: pki)
        let initiated = try await smdp.initiateAuthentication(
            euicc.initiateAuthenticationRequest(smdpAddress: SMDPTestEnvironment.address))
        let authenticated = try await smdp.authenticateClient(
            try euicc.authenticateServer(initiated, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address))
        let bpp = try await smdp.getBoundProfilePackage(try euicc.prepareDownload(authenticated)).boundProfilePackage
        #expect(bpp.sequenceOf86.count == (upp.count + 499) / 500)
        #expect(try euicc.loadBoundProfilePackage(bpp).profileElements == upp)
    }

    @Test("every download gets a fresh one-time key, fresh session keys and fresh PPKs")
    func freshKeysPerDownload() async throws {
        let env = try SMDPTestEnvironment()
        let first = try await env.order("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")
        let second = try await env.order("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der")

        var euicc1 = try env.euicc()
        let bpp1 = try await env.boundProfilePackage(&euicc1, matchingId: first.matchingId)
        var euicc2 = try env.euicc()
        let bpp2 = try await env.boundProfilePackage(&euicc2, matchingId: second.matchingId)

        let iscr1 = bpp1.initialiseSecureChannelRequest
        let iscr2 = bpp2.initialiseSecureChannelRequest
        #expect(iscr1.smdpOtpk != iscr2.smdpOtpk)
        #expect(iscr1.transactionId != iscr2.transactionId)
        #expect(iscr1.controlRefTemplate.hostId.bytes == Array("OpenRSP".utf8))
        let keys1 = try ReplaceSessionKeysRequest(derBytes: try #require(try euicc1.loadBoundProfilePackage(bpp1).replaceSessionKeys))
        let keys2 = try ReplaceSessionKeysRequest(derBytes: try #require(try euicc2.loadBoundProfilePackage(bpp2).replaceSessionKeys))
        #expect(keys1.ppkEnc != keys2.ppkEnc)
        #expect(keys1.ppkCmac != keys2.ppkCmac)
        #expect(keys1.initialMacChainingValue != keys2.initialMacChainingValue)
        #expect(keys1.ppkEnc != keys1.ppkCmac)
        // The second eUICC session cannot open the first BPP: it is bound to the first one-time key.
        #expect(throws: (any Error).self) { try euicc2.loadBoundProfilePackage(bpp1) }
    }

    @Test("with an empty matchingId (default SM-DP+ address) the eUICC gets the order released for its EID")
    func defaultSMDPAddress() async throws {
        let env = try SMDPTestEnvironment()
        var euicc = try env.euicc()
        let order = try await env.order(eid: euicc.eid)
        let authenticated = try await env.authenticate(&euicc, matchingId: nil)
        #expect(authenticated.profileMetaData.iccid == order.iccid)
        let bpp = try await env.smdp.getBoundProfilePackage(try euicc.prepareDownload(authenticated)).boundProfilePackage
        #expect(try euicc.loadBoundProfilePackage(bpp).profileElements == (try SMDPTestEnvironment.upp()))
        #expect(try await env.orderState(order.matchingId).state == .downloaded)
    }

    @Test("with an empty matchingId and no order for the EID the download is refused: no eligible profile")
    func defaultSMDPAddressWithoutOrder() async throws {
        let env = try SMDPTestEnvironment()
        try await env.order()  // released for anyone with its matchingId, not for this EID by default
        var euicc = try env.euicc()
        await expectStatus(.noEligibleProfile) { _ = try await env.authenticate(&euicc, matchingId: "") }
    }
}
