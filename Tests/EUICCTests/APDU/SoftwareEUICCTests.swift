import RSPCore
import Testing

@testable import EUICC

@Suite("The APDU front: channels, SELECT, STORE DATA chaining, GET RESPONSE and status words")
struct SoftwareEUICCTests {
    func card() throws -> SoftwareEUICC { SoftwareEUICC(isdr: try EUICCFixture().isdr) }

    func send(_ card: SoftwareEUICC, _ bytes: [UInt8]) async throws -> ResponseAPDU {
        try ResponseAPDU(bytes: try await card.transmit(bytes))
    }

    @Test("the card runs on its ISD-R's executor and offers it to its client, so an ES10 command is a call, not two switches")
    func oneExecutor() async throws {
        let card = try card()
        #expect(card.cardIsolation === card.isdr)
        // Isolated to the card is isolated to its ISD-R: this would trap otherwise.
        await card.isolatedToISDR()
    }

    @Test("the ATR is well formed: TS '3B' and a TCK that XORs T0 … TCK to zero")
    func answerToReset() async throws {
        let atr = try await card().reset()
        #expect(atr.first == 0x3B)
        #expect(atr.dropFirst().reduce(0, ^) == 0)
    }

    @Test("SELECT of the ISD-R answers its FCI; another AID is not found ('6A 82')")
    func select() async throws {
        let card = try card()
        let ok = try await send(card, [0x00, 0xA4, 0x04, 0x00, 0x10] + ISDPAID.isdr + [0x00])
        #expect(ok.sw == 0x9000)
        #expect(ok.data.prefix(4) == [0x6F, UInt8(ok.data.count - 2), 0x84, 0x10])
        let other = try await send(card, [0x00, 0xA4, 0x04, 0x00, 0x07, 0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02])
        #expect(other.sw == 0x6A82)
        #expect(try await send(card, [0x00, 0xA4, 0x00, 0x00, 0x02, 0x3F, 0x00]).sw == 0x6A86)
    }

    @Test("STORE DATA before SELECT is refused ('69 85')")
    func storeDataNeedsSelection() async throws {
        let card = try card()
        #expect(try await send(card, [0x80, 0xE2, 0x91, 0x00, 0x03, 0xBF, 0x2E, 0x00]).sw == 0x6985)
    }

    @Test("an ES10 command chained over many blocks runs once complete, and a long answer comes through GET RESPONSE")
    func chainingAndGetResponse() async throws {
        let fixture = try EUICCFixture()
        let card = SoftwareEUICC(isdr: fixture.isdr)
        let lpa = TestLPA(card: card)
        try await lpa.selectISDR()
        let challenge = try GetEuiccChallengeResponse(derBytes: try await lpa.es10([0xBF, 0x2E, 0x00]))
        let request = try fixture.smdp.authenticateServerRequest(challenge: challenge.euiccChallenge.bytes)
        // 17-byte blocks: dozens of STORE DATA commands, P2 counting up.
        let answer = try await lpa.es10(try request.derEncoded(), blockSize: 17)
        #expect(answer.count > 256)
        guard case .authenticateResponseOk = try AuthenticateServerResponse(derBytes: answer) else {
            Issue.record("AuthenticateServer refused")
            return
        }
    }

    @Test("a response over 256 bytes comes as 256 bytes + '61 xx', then GET RESPONSE with the rest")
    func getResponseProtocol() async throws {
        let fixture = try EUICCFixture()
        let card = SoftwareEUICC(isdr: fixture.isdr)
        try await TestLPA(card: card).selectISDR()
        _ = await fixture.isdr.getEuiccChallenge()
        let challenge = try await TestLPA(card: card).es10([0xBF, 0x2E, 0x00])
        let request = try fixture.smdp.authenticateServerRequest(challenge: Array(challenge.suffix(16))).derEncoded()
        var response = ResponseAPDU(sw: 0)
        for (number, start) in stride(from: 0, to: request.count, by: 255).enumerated() {
            let block = Array(request[start..<min(start + 255, request.count)])
            let last = start + 255 >= request.count
            response = try await send(card, [0x80, 0xE2, last ? 0x91 : 0x11, UInt8(number), UInt8(block.count)] + block + (last ? [0x00] : []))
        }
        #expect(response.data.count == 256)
        #expect(response.sw1 == 0x61)
        let rest = try await send(card, [0x00, 0xC0, 0x00, 0x00, 0x10])
        #expect(rest.data.count == 16)
        #expect(rest.sw1 == 0x61)
        #expect(try await send(card, [0x00, 0xC0, 0x01, 0x00, 0x00]).sw == 0x6A86)
        // Another command drops what was pending.
        _ = try await send(card, [0x00, 0xA4, 0x04, 0x0C, 0x10] + ISDPAID.isdr)
        #expect(try await send(card, [0x00, 0xC0, 0x00, 0x00, 0x00]).sw == 0x6985)
    }

    @Test("STORE DATA with a wrong block number or P1 is refused ('6A 86') and the sequence restarts")
    func badBlockNumbers() async throws {
        let card = try card()
        try await TestLPA(card: card).selectISDR()
        #expect(try await send(card, [0x80, 0xE2, 0x11, 0x00, 0x02, 0xBF, 0x2E]).sw == 0x9000)
        #expect(try await send(card, [0x80, 0xE2, 0x91, 0x02, 0x01, 0x00]).sw == 0x6A86)
        #expect(try await send(card, [0x80, 0xE2, 0x01, 0x00, 0x01, 0x00]).sw == 0x6A86)
        let fresh = try await send(card, [0x80, 0xE2, 0x91, 0x00, 0x03, 0xBF, 0x2E, 0x00, 0x00])
        #expect(fresh.sw == 0x9000)
        #expect(fresh.data.count == 3 + 2 + 16)  // BF2E 12 { 80 10 challenge }
    }

    /// The card accepts a sequence up to its largest BPP plus 4 KB of other ES10 commands.
    @Test("a STORE DATA sequence longer than the card takes is refused ('67 00') and the sequence restarts")
    func sequenceTooLong() async throws {
        let card = SoftwareEUICC(isdr: try EUICCFixture(configuration: EUICCConfiguration(maximumBoundProfilePackageSize: 0)).isdr)
        try await TestLPA(card: card).selectISDR()
        let block = [UInt8](repeating: 0x5A, count: 255)
        for number in 0..<16 {
            #expect(try await send(card, [0x80, 0xE2, 0x11, UInt8(number), 0xFF] + block).sw == 0x9000)
        }
        // 16 × 255 = 4,080 bytes taken; 17 would be 4,335 > 4,096.
        #expect(try await send(card, [0x80, 0xE2, 0x11, 16, 0xFF] + block).sw == 0x6700)
        // Restarted: block 17 no longer follows anything, block 0 starts a new sequence.
        #expect(try await send(card, [0x80, 0xE2, 0x11, 17, 0x01, 0x00]).sw == 0x6A86)
        let fresh = try await send(card, [0x80, 0xE2, 0x91, 0x00, 0x03, 0xBF, 0x2E, 0x00, 0x00])
        #expect(fresh.sw == 0x9000)
        #expect(fresh.data.count == 3 + 2 + 16)
    }

    @Test("bad CLA, INS and lengths get their status words, never a crash")
    func badAPDUs() async throws {
        let card = try card()
        try await TestLPA(card: card).selectISDR()
        #expect(try await send(card, [0x80]).sw == 0x6700)
        #expect(try await send(card, [0x80, 0xE2, 0x91, 0x00, 0x05, 0x01]).sw == 0x6700)
        #expect(try await send(card, [0xFF, 0xA4, 0x04, 0x00]).sw == 0x6E00)
        #expect(try await send(card, [0x00, 0xE2, 0x91, 0x00, 0x01, 0x00]).sw == 0x6E00)
        #expect(try await send(card, [0x80, 0xCA, 0x00, 0x5A, 0x00]).sw == 0x6D00)
        #expect(try await send(card, [0x0C, 0xA4, 0x04, 0x00]).sw == 0x6882)
        #expect(try await send(card, [0x40, 0xA4, 0x04, 0x00]).sw == 0x6881)
        #expect(try await send(card, [0x80, 0xE2, 0x91, 0x00, 0x03, 0xBF, 0x7F, 0x00]).sw == 0x6A88)
        #expect(try await send(card, [0x80, 0xE2, 0x91, 0x00, 0x04, 0xBF, 0x2E, 0x05, 0x00]).sw == 0x6A80)
        #expect(try await send(card, [0x80, 0xE2, 0x91, 0x00, 0x03, 0xBF, 0x3E, 0x00]).sw == 0x6A80)
    }

    @Test("logical channels 1-3 open and close; each needs its own SELECT; a closed channel is refused")
    func channels() async throws {
        let card = try card()
        var opened: [UInt8] = []
        for _ in 1...3 {
            let response = try await send(card, [0x00, 0x70, 0x00, 0x00, 0x01])
            #expect(response.sw == 0x9000)
            opened += response.data
        }
        #expect(opened == [1, 2, 3])
        #expect(try await send(card, [0x00, 0x70, 0x00, 0x00, 0x01]).sw == 0x6A81)
        #expect(try await send(card, [0x82, 0xE2, 0x91, 0x00, 0x03, 0xBF, 0x2E, 0x00]).sw == 0x6985)
        try await TestLPA(card: card, channel: 2).selectISDR()
        #expect(try await send(card, [0x82, 0xE2, 0x91, 0x00, 0x03, 0xBF, 0x2E, 0x00, 0x00]).sw == 0x9000)
        #expect(try await send(card, [0x81, 0xE2, 0x91, 0x00, 0x03, 0xBF, 0x2E, 0x00]).sw == 0x6985)
        #expect(try await send(card, [0x00, 0x70, 0x80, 0x02]).sw == 0x9000)
        #expect(try await send(card, [0x82, 0xE2, 0x91, 0x00, 0x03, 0xBF, 0x2E, 0x00]).sw == 0x6881)
        #expect(try await send(card, [0x00, 0x70, 0x80, 0x00]).sw == 0x6A86)
        #expect(try await send(card, [0x00, 0x70, 0x40, 0x00]).sw == 0x6A86)
        _ = try await card.reset()
        #expect(try await send(card, [0x81, 0xA4, 0x04, 0x00]).sw == 0x6881)
    }

    @Test("EID and EUICCInfo through the front: GetEID 'BF3E', EUICCInfo1 'BF20', EUICCInfo2 'BF22'")
    func infoCommands() async throws {
        let fixture = try EUICCFixture()
        let lpa = TestLPA(card: SoftwareEUICC(isdr: fixture.isdr))
        try await lpa.selectISDR()
        let eid = try GetEuiccDataResponse(derBytes: try await lpa.es10(try GetEuiccDataRequest(tagList: [0x5A]).derEncoded()))
        #expect(eid.eidValue.bytes == fixture.identity.eid.bytes)
        _ = try EUICCInfo1(derBytes: try await lpa.es10(try GetEuiccInfo1Request().derEncoded()))
        let info2 = try EUICCInfo2(derBytes: try await lpa.es10(try GetEuiccInfo2Request().derEncoded()))
        #expect(info2.svn.bytes == [2, 2, 2])
        let addresses = try EuiccConfiguredAddressesResponse(derBytes: try await lpa.es10(try EuiccConfiguredAddressesRequest().derEncoded()))
        #expect(addresses.rootDsAddress == "lpa.ds.gsma.com")
    }

    @Test("a BPP sent in LPA-style STORE DATA sequences installs; a tampered one answers an error PIR")
    func bppThroughTheFront() async throws {
        for tamper in [false, true] {
            let fixture = try EUICCFixture()
            let lpa = TestLPA(card: SoftwareEUICC(isdr: fixture.isdr))
            try await lpa.selectISDR()
            let otpk = try await fixture.prepare()
            let metadata = fixture.smdp.metadata(iccid: try ProfileFixtures.iccid(1))
            var bpp = try fixture.smdp.boundProfilePackage(
                euiccOtpk: otpk, eid: fixture.identity.eid, metadata: metadata, upp: try ProfileFixtures.upp(iccid: metadata.iccid))
            if tamper { bpp.firstSequenceOf87[0].bytes[0] ^= 0x80 }
            var last: [UInt8] = []
            for sequence in try TestLPA.storeDataSequences(of: try bpp.derEncoded()) {
                last = try await lpa.es10(sequence)
                if !last.isEmpty { break }
            }
            let result = try ProfileInstallationResult(derBytes: last)
            if tamper {
                #expect(result.errorResult == ErrorResult(bppCommandId: .configureISDP, errorReason: .scp03tSecurityError))
                #expect(await fixture.isdr.state.profiles.isEmpty)
            } else {
                #expect(result.successResult != nil)
                #expect(await fixture.isdr.state.profiles.count == 1)
            }
        }
    }
}

extension SoftwareEUICC {
    fileprivate func isolatedToISDR() {
        isdr.assumeIsolated { _ in }
    }
}
