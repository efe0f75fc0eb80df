import EUICC
@testable import LPA
import RSPCore
import RSPCrypto
import Testing

@Suite("ES10 over APDUs: logical channel, STORE DATA chaining, GET RESPONSE, status words")
struct ES10ClientTransportTests {
    /// MANAGE CHANNEL → channel 1, SELECT → 9000.
    static let openAndSelect: [[UInt8]] = [[0x01] + sw(0x9000), sw(0x9000)]

    @Test("the first command opens a logical channel and selects the ISD-R by its AID on it")
    func opensChannelAndSelects() async throws {
        let transport = ScriptedTransport(Self.openAndSelect + [[0xBF, 0x2E, 0x02, 0x80, 0x00] + sw(0x9000)])
        let client = ES10Client(transport: transport)
        _ = try await client.transmit([0xBF, 0x2E, 0x00], function: .getEuiccChallenge)
        let sent = try await transport.sentAPDUs
        #expect(sent.count == 3)
        #expect(sent[0] == CommandAPDU(cla: 0x00, ins: 0x70, p1: 0x00, p2: 0x00, le: 0x01))
        #expect(sent[1].cla == 0x01 && sent[1].ins == 0xA4 && sent[1].p1 == 0x04)
        #expect(sent[1].data.hexString == "A0000005591010FFFFFFFF8900000100")
        #expect(sent[2] == CommandAPDU(cla: 0x81, ins: 0xE2, p1: 0x91, p2: 0x00, data: [0xBF, 0x2E, 0x00], le: 0x00))
        #expect(await client.channel == 1)
    }

    @Test("a 600-byte command goes as blocks of 255, 255 and 90 bytes with P1 11, 11, 91 and P2 0, 1, 2")
    func chainsBlocks() async throws {
        let command = (0..<600).map { UInt8(truncatingIfNeeded: $0) }
        let transport = ScriptedTransport(Self.openAndSelect + [sw(0x9000), sw(0x9000), [0xAB] + sw(0x9000)])
        let client = ES10Client(transport: transport)
        let response = try await client.transmit(command, function: .loadBoundProfilePackage)
        #expect(response == [0xAB])
        let blocks = try await transport.sentAPDUs.dropFirst(2)
        #expect(blocks.map(\.data.count) == [255, 255, 90])
        #expect(blocks.map(\.p1) == [0x11, 0x11, 0x91])
        #expect(blocks.map(\.p2) == [0, 1, 2])
        #expect(blocks.map(\.le) == [nil, nil, 0x00])
        #expect(blocks.flatMap(\.data) == command)
    }

    @Test("a smaller block size is honoured and exactly 255 bytes stay one block")
    func blockSizes() async throws {
        let transport = ScriptedTransport(Self.openAndSelect + [sw(0x9000), sw(0x9000), sw(0x9000), sw(0x9000)])
        let client = ES10Client(transport: transport, blockSize: 100)
        _ = try await client.transmit([UInt8](repeating: 1, count: 250), function: .getEuiccInfo2)
        _ = try await client.transmit([UInt8](repeating: 2, count: 100), function: .getEuiccInfo2)
        let blocks = try await transport.sentAPDUs.dropFirst(2)
        #expect(blocks.map(\.data.count) == [100, 100, 50, 100])
        #expect(blocks.map(\.p2) == [0, 1, 2, 0])

        let exact = ScriptedTransport(Self.openAndSelect + [sw(0x9000)])
        _ = try await ES10Client(transport: exact).transmit([UInt8](repeating: 3, count: 255), function: .getEuiccInfo2)
        #expect(try await exact.sentAPDUs.dropFirst(2).map(\.p1) == [0x91])
    }

    @Test("61xx answers are followed by GET RESPONSE with Le = xx until 9000, and the data concatenated")
    func getResponseLoop() async throws {
        let part1 = [UInt8](repeating: 0x11, count: 256)
        let part2 = [UInt8](repeating: 0x22, count: 16)
        let transport = ScriptedTransport(
            Self.openAndSelect + [[0x30, 0x31] + sw(0x6100), part1 + sw(0x6110), part2 + sw(0x9000)])
        let client = ES10Client(transport: transport)
        let response = try await client.transmit([0xBF, 0x22, 0x00], function: .getEuiccInfo2)
        #expect(response == [0x30, 0x31] + part1 + part2)
        let sent = try await transport.sentAPDUs
        #expect(sent[3] == CommandAPDU(cla: 0x01, ins: 0xC0, p1: 0x00, p2: 0x00, le: 0x00))
        #expect(sent[4] == CommandAPDU(cla: 0x01, ins: 0xC0, p1: 0x00, p2: 0x00, le: 0x10))
    }

    @Test("a 6Cxx answer to GET RESPONSE repeats it with the length the card asks for")
    func wrongLeRetried() async throws {
        let transport = ScriptedTransport(Self.openAndSelect + [sw(0x6120), sw(0x6C08), [1, 2, 3, 4, 5, 6, 7, 8] + sw(0x9000)])
        let response = try await ES10Client(transport: transport).transmit([0xBF, 0x22, 0x00], function: .getEuiccInfo2)
        #expect(response == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try await transport.sentAPDUs.last?.le == 0x08)
    }

    @Test("channels 1–3 set CLA b2–b1, channels 4–19 use the further interindustry class ('C0'|n−4 for STORE DATA)")
    func channelClassBytes() async throws {
        for (channel, interindustry, proprietary) in [(UInt8(3), UInt8(0x03), UInt8(0x83)), (5, 0x41, 0xC1), (19, 0x4F, 0xCF)] {
            let transport = ScriptedTransport([[channel] + sw(0x9000), sw(0x9000), sw(0x6101), [0x00] + sw(0x9000)])
            _ = try await ES10Client(transport: transport).transmit([0xBF, 0x2E, 0x00], function: .getEuiccChallenge)
            let sent = try await transport.sentAPDUs
            #expect(sent[1].cla == interindustry, "SELECT on channel \(channel)")
            #expect(sent[2].cla == proprietary, "STORE DATA on channel \(channel)")
            #expect(sent[3].cla == interindustry, "GET RESPONSE on channel \(channel)")
        }
    }

    @Test("without a logical channel the ISD-R is selected on the basic channel and STORE DATA uses CLA 80")
    func basicChannel() async throws {
        let transport = ScriptedTransport([sw(0x9000), sw(0x9000)])
        _ = try await ES10Client(transport: transport, useLogicalChannel: false).transmit([0xBF, 0x2E, 0x00], function: .getEuiccChallenge)
        let sent = try await transport.sentAPDUs
        #expect(sent.map(\.ins) == [0xA4, 0xE2])
        #expect(sent.map(\.cla) == [0x00, 0x80])
    }

    @Test("a status word other than 9000 on the last block is a typed error naming the function")
    func statusWordError() async throws {
        let transport = ScriptedTransport(Self.openAndSelect + [sw(0x6A80)])
        await #expect(throws: LPAError.statusWord(0x6A80, function: .authenticateServer)) {
            _ = try await ES10Client(transport: transport).transmit([0xBF, 0x38, 0x00], function: .authenticateServer)
        }
    }

    @Test("an error on an intermediate block stops the sequence")
    func intermediateBlockError() async throws {
        let transport = ScriptedTransport(Self.openAndSelect + [sw(0x6A84)])
        await #expect(throws: LPAError.statusWord(0x6A84, function: .loadBoundProfilePackage)) {
            _ = try await ES10Client(transport: transport).transmit([UInt8](repeating: 0, count: 300), function: .loadBoundProfilePackage)
        }
        #expect(try await transport.sentAPDUs.count == 3)
    }

    @Test("an error status word after GET RESPONSE is reported, not the data collected so far")
    func errorAfterGetResponse() async throws {
        let transport = ScriptedTransport(Self.openAndSelect + [sw(0x6104), [1, 2] + sw(0x6F00)])
        await #expect(throws: LPAError.statusWord(0x6F00, function: .getProfilesInfo)) {
            _ = try await ES10Client(transport: transport).transmit([0xBF, 0x2D, 0x00], function: .getProfilesInfo)
        }
    }

    @Test("a card without logical channels, a missing ISD-R and a bad channel number are typed errors")
    func openFailures() async throws {
        await #expect(throws: LPAError.statusWord(0x6881, function: .manageChannel)) {
            _ = try await ES10Client(transport: ScriptedTransport([sw(0x6881)])).transmit([0xBF, 0x2E, 0x00], function: .getEuiccChallenge)
        }
        let missing = ScriptedTransport([[0x01] + sw(0x9000), sw(0x6A82), sw(0x9000)])
        await #expect(throws: LPAError.statusWord(0x6A82, function: .selectISDR)) {
            _ = try await ES10Client(transport: missing).transmit([0xBF, 0x2E, 0x00], function: .getEuiccChallenge)
        }
        // The channel opened for the failed SELECT is closed again.
        #expect(try await missing.sentAPDUs.last == CommandAPDU(cla: 0x00, ins: 0x70, p1: 0x80, p2: 0x01))
        let badChannel = ScriptedTransport([[0x00] + sw(0x9000)])
        await #expect {
            _ = try await ES10Client(transport: badChannel).transmit([0xBF, 0x2E, 0x00], function: .getEuiccChallenge)
        } throws: { error in
            guard case LPAError.unexpectedResponse = error else { return false }
            return true
        }
    }

    @Test("an answer shorter than a status word, a transport failure and a malformed response are typed errors")
    func malformedAnswers() async throws {
        await #expect {
            _ = try await ES10Client(transport: ScriptedTransport(Self.openAndSelect + [[0x90]])).transmit([0xBF, 0x2E, 0x00], function: .getEuiccChallenge)
        } throws: { error in
            if case LPAError.unexpectedResponse = error { return true }
            return false
        }
        await #expect {
            _ = try await ES10Client(transport: ScriptedTransport([])).transmit([0xBF, 0x2E, 0x00], function: .getEuiccChallenge)
        } throws: { error in
            if case LPAError.cardUnreachable = error { return true }
            return false
        }
        await #expect {
            _ = try await ES10Client(transport: ScriptedTransport(Self.openAndSelect + [[0xBF, 0x2E, 0x05, 0x80] + sw(0x9000)])).getEUICCChallenge()
        } throws: { error in
            if case LPAError.unexpectedResponse(let function, _) = error { return function == "ES10b.GetEUICCChallenge" }
            return false
        }
    }

    @Test("a command needing more than 256 blocks is refused before anything is sent")
    func tooLong() async throws {
        let transport = ScriptedTransport(Self.openAndSelect)
        await #expect {
            _ = try await ES10Client(transport: transport, blockSize: 1).transmit([UInt8](repeating: 0, count: 257), function: .loadCRL)
        } throws: { error in
            if case LPAError.invalidRequest = error { return true }
            return false
        }
        #expect(try await transport.sentAPDUs.map(\.ins) == [0x70, 0xA4])
    }

    @Test("concurrent ES10 calls do not interleave their STORE DATA blocks, on the card's executor or the client's own",
          arguments: [false, true])
    func exclusiveAccess(sharesExecutor: Bool) async throws {
        let card = FakeEUICCCard(channel: 1)
        await card.on(34) { command in [0xBF, 0x22, 0x01, UInt8(command.count & 0xFF)] }
        let transport: any APDUTransport = sharesExecutor ? InProcessFakeCard(card: card) : card
        let client = ES10Client(transport: transport, blockSize: 16)
        try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for size in [40, 70, 100, 130] {
                group.addTask {
                    let content = [UInt8](repeating: 0, count: size - 5)
                    let body = [0x80, UInt8(content.count)] + content
                    return try await client.transmit([0xBF, 0x22, UInt8(body.count)] + body, function: .getEuiccInfo2)
                }
            }
            var lengths: [UInt8] = []
            for try await response in group { lengths.append(response.last ?? 0) }
            #expect(lengths.sorted() == [40, 70, 100, 130])
        }
        #expect(await card.protocolViolations.isEmpty)
    }

    @Test("a client runs on the executor of a card in this process, and on its own for a card that offers none")
    func executorOfTheCard() async throws {
        let inProcess = FakeEUICCCard()
        #expect(ES10Client(transport: InProcessFakeCard(card: inProcess)).isolation === inProcess)

        let remote = FakeEUICCCard()
        let client = ES10Client(transport: remote)
        #expect(client.isolation !== remote)
        #expect(ES10Client(transport: remote).isolation !== client.isolation)
        #expect(ES10Client(transport: ScriptedTransport([])).isolation !== client.isolation)
    }

    @Test("an in-process card gets its commands as structures, and answers as it does to their bytes")
    func structuredExchange() async throws {
        let pki = try RSPPKI.generate()
        let identity = try EUICCIdentity(euicc: pki.euicc, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)
        let card = SoftwareEUICC(isdr: try ISDR(identity: identity))
        let structured = ES10Client(transport: card)
        let overBytes = ES10Client(transport: BytesOnly(card: card))
        #expect(structured.structured != nil && overBytes.structured == nil)

        // The same ISD-R answers both; its EUICCInfo1 does not change between calls.
        let info = try await structured.getEUICCInfo1()
        #expect(try await overBytes.getEUICCInfo1() == info)
        // A 601-byte command goes as three STORE DATA blocks either way.
        let padded: [UInt8] = [0xBF, 0x22, 0x82, 0x02, 0x54] + [0x80, 0x82, 0x02, 0x50] + [UInt8](repeating: 0, count: 592)
        let viaStructures = try await structured.transmit(padded, function: ES10Function.getEuiccInfo2)
        #expect(!viaStructures.isEmpty)
        #expect(try await overBytes.transmit(padded, function: ES10Function.getEuiccInfo2) == viaStructures)
    }

    @Test("a command too long for a short APDU is refused before it reaches an in-process card")
    func structuredRefusesUnencodable() async throws {
        let pki = try RSPPKI.generate()
        let identity = try EUICCIdentity(euicc: pki.euicc, eumCertificate: pki.eum.certificate, signingCI: pki.ci.certificate)
        let client = ES10Client(transport: SoftwareEUICC(isdr: try ISDR(identity: identity)))
        _ = try await client.getEUICCInfo1()
        let channel = try #require(await client.channel)
        let tooLong = CommandAPDU(cla: 0x80 | channel, ins: 0xE2, p1: 0x91, p2: 0, data: [UInt8](repeating: 0, count: 256))
        await #expect {
            _ = try await client.exchange(tooLong, function: ES10Function.getEuiccInfo2)
        } throws: { error in
            if case LPAError.invalidRequest = error { return true }
            return false
        }
    }
}

/// An in-process card reached only through its bytes, as through a reader.
private struct BytesOnly: APDUTransport {
    let card: SoftwareEUICC
    func reset() async throws -> [UInt8] { try await card.reset() }
    func transmit(_ command: [UInt8]) async throws -> [UInt8] { try await card.transmit(command) }
}
