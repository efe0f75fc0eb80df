import Logging
import RSPCore
import SwiftASN1

/// The LPA's side of ES10 (SGP.22 §5.7): every ES10 function as a typed call, carried to the
/// ISD-R over any `APDUTransport`.
///
/// The transport rules (SGP.22 §5.7.2, ETSI TS 102 221 §11.1, GlobalPlatform STORE DATA):
/// a logical channel is opened with MANAGE CHANNEL and the ISD-R selected on it; each ES10
/// command (one DER TLV) goes as a sequence of STORE DATA blocks of at most 255 bytes —
/// CLA '80'|channel, INS 'E2', P1 '11' while more blocks follow and '91' on the last, P2 the
/// block number from 0 — and the answer to the last block is collected with GET RESPONSE
/// while the eUICC says '61xx'. Any other status word than '9000' becomes
/// `LPAError.statusWord`.
///
/// An actor, and more: a STORE DATA sequence must not be interleaved with another command on
/// the same channel, so each ES10 exchange holds the card exclusively until it is complete
/// (actor reentrancy alone would let two callers interleave at the transport's suspension points).
public actor ES10Client {
    /// The ISD-R application identifier (SGP.22 §2.2.3).
    public static let isdrAID: [UInt8] = [
        0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00,
    ]
    /// The largest STORE DATA block a short APDU can carry.
    public static let maximumBlockSize = 255
    /// Upper bound on one ES10 response (GET RESPONSE rounds × 256), so a card that keeps
    /// answering '61xx' cannot make the LPA loop or grow without end.
    static let maximumResponseSize = 1 << 20

    let transport: any APDUTransport
    /// The transport, when it takes commands as structures (`APDUExchanging`, an in-process card).
    nonisolated let structured: (any APDUExchanging)?
    let blockSize: Int
    let useLogicalChannel: Bool
    let logger: Logger

    /// The channel the ISD-R is selected on; nil until the first command.
    public internal(set) var channel: UInt8?

    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// The card's executor when the card runs in this process (`APDUExchanging.cardIsolation`),
    /// else one of this client's own. Sharing the card's: the ~80 APDUs of a download are calls,
    /// where each was a switch to the card's actor and one back, each an enqueue on a task
    /// executor. The client still serialises its own work; it now does so with the card's.
    nonisolated let isolation: any Actor
    public nonisolated var unownedExecutor: UnownedSerialExecutor { isolation.unownedExecutor }

    /// Gives a client whose card has no executor to share a serial executor of its own.
    private actor OwnExecutor {}

    /// - Parameters:
    ///   - blockSize: STORE DATA block size, 1…255 (values outside are clamped).
    ///   - useLogicalChannel: open a logical channel for the ISD-R (the default, SGP.22 §5.7.2);
    ///     `false` selects the ISD-R on the basic channel 0, for readers without MANAGE CHANNEL.
    public init(
        transport: any APDUTransport, blockSize: Int = ES10Client.maximumBlockSize, useLogicalChannel: Bool = true,
        logger: Logger = Logger(label: "org.openrsp.lpa.es10")
    ) {
        self.transport = transport
        structured = transport as? any APDUExchanging
        isolation = structured?.cardIsolation ?? OwnExecutor()
        self.blockSize = min(max(blockSize, 1), Self.maximumBlockSize)
        self.useLogicalChannel = useLogicalChannel
        self.logger = logger
    }

    // MARK: Exclusive card access

    private func acquire() async {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    func exclusively<T>(_ body: () async throws(LPAError) -> T) async throws(LPAError) -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    // MARK: Public transport operations

    /// Opens the logical channel and selects the ISD-R now (otherwise done before the first command).
    public func selectISDR() async throws(LPAError) {
        try await exclusively { () async throws(LPAError) in
            _ = try await self.openChannelAndSelectISDR()
        }
    }

    /// Closes the logical channel (MANAGE CHANNEL close); the next command opens a new one.
    public func close() async throws(LPAError) {
        try await exclusively { () async throws(LPAError) in
            try await self.closeChannel()
        }
    }

    /// Sends one ES10 command (a complete DER TLV) and returns the eUICC's response data.
    public func transmit(_ command: [UInt8], function: ES10Function) async throws(LPAError) -> [UInt8] {
        try await exclusively { () async throws(LPAError) -> [UInt8] in
            let channel = try await self.openChannelAndSelectISDR()
            return try await self.storeData(command, channel: channel, function: function)
        }
    }

    /// Sends several commands as consecutive STORE DATA sequences without letting another
    /// command in between, stopping at the first non-empty answer (SGP.22 §2.5.5: the eUICC
    /// answers the BPP segments with nothing until the Profile Installation Result, which it
    /// may also send early when a segment fails).
    ///
    /// - Returns: the first non-empty answer and the number of sequences sent, or an empty
    ///   answer when every sequence was answered with no data.
    public func transmitSegments(_ segments: [[UInt8]], function: ES10Function) async throws(LPAError)
        -> (response: [UInt8], sent: Int)
    {
        try await exclusively { () async throws(LPAError) -> (response: [UInt8], sent: Int) in
            let channel = try await self.openChannelAndSelectISDR()
            for (index, segment) in segments.enumerated() {
                let response = try await self.storeData(segment, channel: channel, function: function)
                if !response.isEmpty { return (response, index + 1) }
            }
            return ([], segments.count)
        }
    }

    // MARK: Typed request/response

    /// Encodes an ES10 request, sends it and decodes the eUICC's answer as `Response`.
    func execute<Response: DERParseable>(
        _ request: some DERSerializable, function: ES10Function, as: Response.Type = Response.self
    ) async throws(LPAError) -> Response {
        let command: [UInt8]
        do {
            command = try request.derEncoded()
        } catch {
            throw .invalidRequest(function: function.rawValue, reason: "cannot encode the request: \(error)")
        }
        let response = try await transmit(command, function: function)
        return try Self.decode(response, as: Response.self, function: function)
    }

    static func decode<Response: DERParseable>(
        _ bytes: [UInt8], as: Response.Type, function: ES10Function
    ) throws(LPAError) -> Response {
        guard !bytes.isEmpty else {
            throw .unexpectedResponse(function: function.rawValue, reason: "the eUICC sent no response data")
        }
        do {
            return try Response(derBytes: bytes)
        } catch {
            throw .unexpectedResponse(function: function.rawValue, reason: "malformed \(Response.self): \(error)")
        }
    }
}
