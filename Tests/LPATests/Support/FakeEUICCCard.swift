import LPA
import RSPCore
import SwiftASN1

/// An eUICC at the APDU level, for unit tests: MANAGE CHANNEL, SELECT ISD-R, STORE DATA
/// reassembly (checking CLA, P1, P2 as SGP.22 §5.7.2 requires), answers through '61xx' and
/// GET RESPONSE in chunks, and the BPP segment sequence of §2.5.5. What each ES10 command
/// answers is up to the test (`handlers`, keyed by the request's tag number: 'BF20' → 32).
actor FakeEUICCCard: APDUTransport {
    typealias Handler = @Sendable ([UInt8]) async -> [UInt8]

    let log: CallLog
    let channel: UInt8
    private var handlers: [UInt: Handler] = [:]
    private var selected = false
    private var buffer: [UInt8] = []
    private var nextBlock = 0
    private var pending: [UInt8] = []
    private var bppTotal: Int?
    private var bppReceived: [UInt8] = []
    /// When set, the eUICC answers the BPP with this after that many segments.
    var earlyBPPAnswer: (afterSegments: Int, response: [UInt8])?

    private(set) var commands: [UInt: [[UInt8]]] = [:]
    private(set) var bppSegments: [[UInt8]] = []
    private(set) var protocolViolations: [String] = []

    init(log: CallLog = CallLog(), channel: UInt8 = 2) {
        self.log = log
        self.channel = channel
    }

    func on(_ tagNumber: UInt, _ handler: @escaping Handler) {
        handlers[tagNumber] = handler
    }

    func answerBPP(_ handler: @escaping Handler) { handlers[54] = handler }

    func setEarlyBPPAnswer(afterSegments: Int, response: [UInt8]) {
        earlyBPPAnswer = (afterSegments, response)
    }

    func reset() async throws -> [UInt8] { [0x3B, 0x00] }

    func transmit(_ bytes: [UInt8]) async throws -> [UInt8] {
        guard let apdu = try? CommandAPDU(bytes: bytes) else { return sw(0x6700) }
        switch apdu.ins {
        case 0x70 where apdu.p1 == 0x00:
            return [channel] + sw(0x9000)
        case 0x70:
            selected = false
            return sw(0x9000)
        case 0xA4:
            guard apdu.data == ES10Client.isdrAID else { return sw(0x6A82) }
            guard apdu.cla == interindustryCLA else { return sw(0x6881) }
            selected = true
            return sw(0x9000)
        case 0xC0:
            guard apdu.cla == interindustryCLA else { return violation("GET RESPONSE CLA \(apdu.cla)") }
            return nextChunk(maximum: apdu.le.map { $0 == 0 ? 256 : Int($0) } ?? 256)
        case 0xE2:
            return await storeData(apdu)
        default:
            return sw(0x6D00)
        }
    }

    private var interindustryCLA: UInt8 { channel < 4 ? channel : 0x40 | (channel - 4) }

    private func violation(_ what: String) -> [UInt8] {
        protocolViolations.append(what)
        return sw(0x6A86)
    }

    private func storeData(_ apdu: CommandAPDU) async -> [UInt8] {
        guard selected else { return sw(0x6985) }
        guard apdu.cla == 0x80 | interindustryCLA else { return violation("STORE DATA CLA \(apdu.cla)") }
        guard Int(apdu.p2) == nextBlock else { return violation("block \(apdu.p2), expected \(nextBlock)") }
        guard apdu.data.count <= 255 else { return violation("block too long") }
        buffer += apdu.data
        switch apdu.p1 {
        case 0x11:
            guard apdu.le == nil else { return violation("Le on an intermediate block") }
            nextBlock += 1
            return sw(0x9000)
        case 0x91:
            let command = buffer
            buffer = []
            nextBlock = 0
            pending = await dispatch(command)
            if pending.isEmpty { return sw(0x9000) }
            return [0x61, UInt8(truncatingIfNeeded: min(pending.count, 256))]
        default:
            return violation("P1 \(apdu.p1)")
        }
    }

    private func nextChunk(maximum: Int) -> [UInt8] {
        let chunk = Array(pending.prefix(maximum))
        pending.removeFirst(chunk.count)
        if pending.isEmpty { return chunk + sw(0x9000) }
        return chunk + [0x61, UInt8(truncatingIfNeeded: min(pending.count, 256))]
    }

    private func dispatch(_ command: [UInt8]) async -> [UInt8] {
        if bppTotal != nil || command.starts(with: [0xBF, 0x36]) {
            return await bppSegment(command)
        }
        guard let node = try? DER.parse(command) else { return [] }
        let tag = node.identifier.tagNumber
        commands[tag, default: []].append(command)
        await log.record(Self.name(tag))
        guard let handler = handlers[tag] else { return [] }
        return await handler(command)
    }

    /// The BPP arrives as §2.5.5 pieces: the first carries the 'BF36' length, so the card
    /// knows when the last one has come.
    private func bppSegment(_ segment: [UInt8]) async -> [UInt8] {
        if bppTotal == nil {
            guard segment.count > 5, segment[2] == 0x82 else { return [] }
            bppTotal = 5 + (Int(segment[3]) << 8 | Int(segment[4]))
            await log.record(Self.name(54))
        }
        bppSegments.append(segment)
        bppReceived += segment
        if let early = earlyBPPAnswer, bppSegments.count == early.afterSegments {
            bppTotal = nil
            return early.response
        }
        guard let total = bppTotal, bppReceived.count >= total else { return [] }
        bppTotal = nil
        commands[54, default: []].append(bppReceived)
        return await handlers[54]?(bppReceived) ?? []
    }

    static func name(_ tag: UInt) -> String {
        let names: [UInt: ES10Function] = [
            32: .getEuiccInfo1, 34: .getEuiccInfo2, 46: .getEuiccChallenge, 56: .authenticateServer,
            33: .prepareDownload, 54: .loadBoundProfilePackage, 65: .cancelSession, 48: .removeNotificationFromList,
            43: .retrieveNotificationsList, 40: .listNotification, 45: .getProfilesInfo, 49: .enableProfile,
            50: .disableProfile, 51: .deleteProfile, 52: .euiccMemoryReset, 62: .getEID, 41: .setNickname,
            60: .getEuiccConfiguredAddresses, 63: .setDefaultDpAddress, 67: .getRAT,
        ]
        return names[tag]?.rawValue ?? "ES10 tag \(tag)"
    }
}

/// `card` as a card in this process: its client runs on the card's executor and hands it
/// commands as structures, which still reach the card as bytes so that its checks all run.
struct InProcessFakeCard: APDUExchanging {
    let card: FakeEUICCCard

    func reset() async throws -> [UInt8] { try await card.reset() }
    func transmit(_ command: [UInt8]) async throws -> [UInt8] { try await card.transmit(command) }

    func exchange(_ command: CommandAPDU) async -> ResponseAPDU {
        guard let bytes = try? command.bytes(), let answer = try? await card.transmit(bytes),
              let response = try? ResponseAPDU(bytes: answer)
        else { return ResponseAPDU(sw: 0x6F00) }
        return response
    }

    var cardIsolation: any Actor { card }
}
