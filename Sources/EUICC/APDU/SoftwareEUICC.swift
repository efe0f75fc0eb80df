import Foundation
import RSPCore

/// The software eUICC as a card (SGP.22 §5.7.1–5.7.2, ETSI TS 102 221, ISO/IEC 7816-4, GlobalPlatform
/// Card Specification): an ATR, logical channels, SELECT of the ISD-R, ES10 commands in STORE DATA
/// sequences and long answers through GET RESPONSE. The ISD-R behind it does the SGP.22 work.
///
/// Malformed APDUs get the status word ISO/IEC 7816-4 defines; nothing a terminal sends can crash it.
public actor SoftwareEUICC: APDUExchanging {
    public nonisolated let isdr: ISDR

    /// The card runs on its ISD-R's executor, as one chip runs one thing at a time: the STORE DATA
    /// block that completes an ES10 command calls the ISD-R without leaving it, instead of
    /// switching actors there and back (an enqueue and a thread hand-off each way under a task
    /// executor).
    public nonisolated var unownedExecutor: UnownedSerialExecutor { isdr.unownedExecutor }
    public nonisolated var cardIsolation: any Actor { isdr }
    /// Logical channels 0–3 by number, nil when closed (0 is always open), and what each has going
    /// on. Changed in place: a STORE DATA block appended to a copy of its channel copied the whole
    /// sequence received so far, block after block.
    private var channels: [Channel?] = closedChannels
    private static let closedChannels: [Channel?] = [Channel(), nil, nil, nil]

    struct Channel {
        var isdrSelected = false
        /// The STORE DATA blocks of the sequence in progress.
        var storeData: [UInt8] = []
        var nextBlock: UInt8 = 0
        /// Response bytes still to be fetched with GET RESPONSE.
        var pendingResponse: [UInt8] = []

        /// What one STORE DATA block did to the sequence.
        enum StoreDataStep {
            case refused(UInt16)
            case more
            /// The last block: the whole ES10 command.
            case complete([UInt8])
        }

        /// Adds a STORE DATA block (P2 numbers it from 0) to the sequence; the last one ('91') hands
        /// over the whole command. A block out of order, or past `limit` bytes, starts over.
        mutating func append(_ apdu: CommandAPDU, limit: Int) -> StoreDataStep {
            guard apdu.p1 == StoreDataP1.moreBlocks || apdu.p1 == StoreDataP1.lastBlock, apdu.p2 == nextBlock else {
                restart()
                return .refused(StatusWord.incorrectP1P2)
            }
            guard !apdu.data.isEmpty else { return .refused(StatusWord.wrongLength) }
            guard storeData.count + apdu.data.count <= limit else {
                restart()
                return .refused(StatusWord.wrongLength)
            }
            storeData.append(contentsOf: apdu.data)
            guard apdu.p1 == StoreDataP1.lastBlock else {
                nextBlock &+= 1
                return .more
            }
            defer { restart() }
            return .complete(storeData)
        }

        mutating func restart() {
            storeData = []
            nextBlock = 0
        }
    }

    enum INS {
        static let manageChannel: UInt8 = 0x70
        static let select: UInt8 = 0xA4
        static let storeData: UInt8 = 0xE2
        static let getResponse: UInt8 = 0xC0
    }

    /// STORE DATA P1 (SGP.22 §5.7.2): '11' more blocks follow, '91' last block.
    enum StoreDataP1 {
        static let moreBlocks: UInt8 = 0x11
        static let lastBlock: UInt8 = 0x91
    }

    /// The largest answer sent at once; the rest waits for GET RESPONSE ('61 xx').
    static let maximumResponseLength = 256
    static let logicalChannels: ClosedRange<UInt8> = 1...3

    public init(isdr: ISDR) {
        self.isdr = isdr
    }

    /// Opens a software eUICC kept in `directory`: the identity from its PKI files (`RSPPKIDirectory`
    /// names), the state from `euicc-state.json` (created on the first change).
    public static func open(
        directory: URL, configuration: EUICCConfiguration = EUICCConfiguration(), environment: EUICCEnvironment = EUICCEnvironment()
    ) throws -> SoftwareEUICC {
        let identity = try EUICCIdentity.load(pkiDirectory: directory, at: environment.now())
        let storage = EUICCStateFile(url: directory.appendingPathComponent(EUICCStateFile.defaultFileName))
        return SoftwareEUICC(
            isdr: try ISDR(identity: identity, configuration: configuration, environment: environment, storage: storage))
    }

    // MARK: APDUTransport

    /// A cold reset: channels closed, selections and sessions gone; answers the ATR.
    public func reset() async throws -> [UInt8] {
        channels = Self.closedChannels
        await isdr.reset()
        return Self.answerToReset
    }

    public func transmit(_ command: [UInt8]) async throws -> [UInt8] {
        guard let apdu = try? CommandAPDU(bytes: command) else { return ResponseAPDU(sw: StatusWord.wrongLength).bytes }
        return await process(apdu).bytes
    }

    public func exchange(_ command: CommandAPDU) async -> ResponseAPDU {
        await process(command)
    }

    /// ATR (ISO/IEC 7816-3 §8): T=0 and T=15 (class indicator), historical bytes naming OpenRSP, and the
    /// check byte TCK (XOR of T0 … last historical byte).
    public static let answerToReset: [UInt8] = {
        let body: [UInt8] = [0x9F, 0x96, 0x80, 0x1F, 0xC7, 0x80, 0x31, 0xE0, 0x73, 0xFE, 0x21, 0x1B]
            + Array("OPENRSP".utf8) + [0x00]
        return [0x3B] + body + [body.reduce(0, ^)]
    }()

    // MARK: Commands

    /// Decodes the class byte, checks the channel, and runs the instruction.
    public func process(_ apdu: CommandAPDU) async -> ResponseAPDU {
        let cla = apdu.cla
        guard cla != 0xFF else { return ResponseAPDU(sw: StatusWord.claNotSupported) }
        guard cla & 0x40 == 0 else { return ResponseAPDU(sw: StatusWord.logicalChannelNotSupported) }  // channels 4–19
        guard cla & 0x0C == 0 else { return ResponseAPDU(sw: StatusWord.secureMessagingNotSupported) }
        guard cla & 0x10 == 0 else { return ResponseAPDU(sw: StatusWord.commandChainingNotSupported) }
        guard cla & 0x20 == 0 else { return ResponseAPDU(sw: StatusWord.claNotSupported) }
        let proprietary = cla & 0x80 != 0
        let channel = cla & 0x03
        guard channels[Int(channel)] != nil else { return ResponseAPDU(sw: StatusWord.logicalChannelNotSupported) }
        if apdu.ins != INS.getResponse, channels[Int(channel)]?.pendingResponse.isEmpty == false {
            channels[Int(channel)]?.pendingResponse = []
        }
        switch (apdu.ins, proprietary) {
        case (INS.manageChannel, false): return manageChannel(apdu)
        case (INS.select, false): return select(apdu, on: channel)
        case (INS.storeData, true): return await storeData(apdu, on: channel)
        case (INS.getResponse, _): return getResponse(apdu, on: channel)
        case (INS.manageChannel, true), (INS.select, true), (INS.storeData, false):
            return ResponseAPDU(sw: StatusWord.claNotSupported)
        default:
            return ResponseAPDU(sw: StatusWord.insNotSupported)
        }
    }

    /// MANAGE CHANNEL (ISO/IEC 7816-4 §11.1.2): P1 '00' opens (P2 '00': the lowest free channel, or the
    /// channel P2 names), P1 '80' closes channel P2. Channels 1–3.
    func manageChannel(_ apdu: CommandAPDU) -> ResponseAPDU {
        switch apdu.p1 {
        case 0x00:
            let wanted: UInt8
            if apdu.p2 == 0 {
                guard let free = Self.logicalChannels.first(where: { channels[Int($0)] == nil }) else {
                    return ResponseAPDU(sw: StatusWord.functionNotSupported)
                }
                wanted = free
            } else {
                guard Self.logicalChannels.contains(apdu.p2) else { return ResponseAPDU(sw: StatusWord.incorrectP1P2) }
                guard channels[Int(apdu.p2)] == nil else { return ResponseAPDU(sw: StatusWord.conditionsOfUseNotSatisfied) }
                wanted = apdu.p2
            }
            channels[Int(wanted)] = Channel()
            return ResponseAPDU(data: apdu.p2 == 0 ? [wanted] : [], sw: StatusWord.success)
        case 0x80:
            guard Self.logicalChannels.contains(apdu.p2) else { return ResponseAPDU(sw: StatusWord.incorrectP1P2) }
            guard channels[Int(apdu.p2)] != nil else { return ResponseAPDU(sw: StatusWord.logicalChannelNotSupported) }
            channels[Int(apdu.p2)] = nil
            return ResponseAPDU(sw: StatusWord.success)
        default:
            return ResponseAPDU(sw: StatusWord.incorrectP1P2)
        }
    }

    /// SELECT by DF name (ISO/IEC 7816-4 §11.2.2, P1 '04'): only the ISD-R AID is selectable
    /// ('6A 82' otherwise); the answer is its FCI unless P2 '0C' asks for none.
    func select(_ apdu: CommandAPDU, on channel: UInt8) -> ResponseAPDU {
        guard apdu.p1 == 0x04, [0x00, 0x04, 0x0C].contains(apdu.p2) else { return ResponseAPDU(sw: StatusWord.incorrectP1P2) }
        guard !apdu.data.isEmpty else { return ResponseAPDU(sw: StatusWord.wrongLength) }
        guard apdu.data == ISDPAID.isdr else { return ResponseAPDU(sw: StatusWord.fileNotFound) }
        channels[Int(channel)]?.isdrSelected = true
        channels[Int(channel)]?.restart()
        return ResponseAPDU(data: apdu.p2 == 0x0C ? [] : Self.isdrFCI, sw: StatusWord.success)
    }

    /// The ISD-R's FCI: '6F' { '84' AID, 'A5' { ISDRProprietaryApplicationTemplate 'E0' { svn } } }.
    static let isdrFCI: [UInt8] = {
        let template = (try? ISDRProprietaryApplicationTemplate(svn: SpecificationVersion.sgp22v2_2_2.octetString).derEncoded()) ?? []
        let proprietary = [0xA5, UInt8(template.count)] + template
        let body = [0x84, UInt8(ISDPAID.isdr.count)] + ISDPAID.isdr + proprietary
        return [0x6F, UInt8(body.count)] + body
    }()

    /// STORE DATA (GlobalPlatform §11.11, SGP.22 §5.7.2): blocks numbered from 0 in P2, P1 '11' while
    /// more follow and '91' for the last; the concatenated data is one ES10 command for the ISD-R.
    func storeData(_ apdu: CommandAPDU, on channel: UInt8) async -> ResponseAPDU {
        guard channels[Int(channel)]?.isdrSelected == true else {
            return ResponseAPDU(sw: StatusWord.conditionsOfUseNotSatisfied)
        }
        let limit = isdr.configuration.maximumBoundProfilePackageSize + 4096
        switch channels[Int(channel)]?.append(apdu, limit: limit) {
        case nil: return ResponseAPDU(sw: StatusWord.conditionsOfUseNotSatisfied)
        case .refused(let sw): return ResponseAPDU(sw: sw)
        case .more: return ResponseAPDU(sw: StatusWord.success)
        case .complete(let command):
            switch await isdr.execute(command) {
            case .statusWord(let sw): return ResponseAPDU(sw: sw)
            case .data(let bytes): return respond(bytes, on: channel)
            }
        }
    }

    /// GET RESPONSE (ISO/IEC 7816-4 §11.4.3): the next Le bytes (256 for '00' or none) of the answer.
    func getResponse(_ apdu: CommandAPDU, on channel: UInt8) -> ResponseAPDU {
        guard apdu.p1 == 0, apdu.p2 == 0 else { return ResponseAPDU(sw: StatusWord.incorrectP1P2) }
        guard let pending = channels[Int(channel)]?.pendingResponse, !pending.isEmpty else {
            return ResponseAPDU(sw: StatusWord.conditionsOfUseNotSatisfied)
        }
        let count = apdu.le.map { $0 == 0 ? Self.maximumResponseLength : Int($0) } ?? Self.maximumResponseLength
        channels[Int(channel)]?.pendingResponse = []
        return respond(pending, on: channel, limit: count)
    }

    /// Sends up to `limit` bytes; the rest waits for GET RESPONSE, announced by '61 xx' (xx = bytes
    /// available, '00' meaning 256 or more).
    func respond(_ bytes: [UInt8], on channel: UInt8, limit: Int = maximumResponseLength) -> ResponseAPDU {
        guard bytes.count > limit else { return ResponseAPDU(data: bytes, sw: StatusWord.success) }
        let rest = Array(bytes[limit...])
        channels[Int(channel)]?.pendingResponse = rest
        let available = UInt16(min(rest.count, Self.maximumResponseLength) & 0xFF)
        return ResponseAPDU(data: Array(bytes[..<limit]), sw: UInt16(StatusWord.moreDataPrefix) << 8 | available)
    }
}
