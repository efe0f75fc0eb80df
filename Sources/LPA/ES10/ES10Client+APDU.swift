import RSPCore

/// The APDU mechanics under ES10: logical channel, SELECT, STORE DATA chaining, GET RESPONSE.
/// Called only while the card is held exclusively (see `ES10Client.exclusively`).
extension ES10Client {
    enum Instruction {
        static let manageChannel: UInt8 = 0x70  // ETSI TS 102 221 §11.1.17
        static let select: UInt8 = 0xA4  // ETSI TS 102 221 §11.1.1
        static let getResponse: UInt8 = 0xC0  // ETSI TS 102 221 §11.1.13
        static let storeData: UInt8 = 0xE2  // GlobalPlatform Card Spec §11.11, SGP.22 §5.7.2
    }

    /// STORE DATA P1 (SGP.22 §5.7.2): b8 set on the last block, b5–b4 '01' = BER-TLV data.
    enum StoreDataP1 {
        static let moreBlocks: UInt8 = 0x11
        static let lastBlock: UInt8 = 0x91
    }

    /// MANAGE CHANNEL open, then SELECT the ISD-R by AID on the new channel; reuses the channel
    /// once selected.
    func openChannelAndSelectISDR() async throws(LPAError) -> UInt8 {
        if let channel { return channel }
        let opened = useLogicalChannel ? try await openLogicalChannel() : 0
        do {
            try await selectISDR(on: opened)
        } catch {
            if opened != 0 { try? await closeLogicalChannel(opened) }
            throw error
        }
        logger.debug("ISD-R selected", metadata: ["channel": "\(opened)"])
        channel = opened
        return opened
    }

    /// MANAGE CHANNEL open (P1 '00', P2 '00', Le 1): the card assigns the channel number.
    func openLogicalChannel() async throws(LPAError) -> UInt8 {
        let command = CommandAPDU(cla: 0x00, ins: Instruction.manageChannel, p1: 0x00, p2: 0x00, le: 0x01)
        let response = try await exchange(command, function: .manageChannel)
        let data = try await collectResponse(to: response, channel: 0, function: .manageChannel)
        guard data.count == 1, let number = data.first, number != 0, LogicalChannel.range.contains(number) else {
            throw .unexpectedResponse(
                function: ES10Function.manageChannel.rawValue, reason: "no valid channel number in \(data.hexString)")
        }
        return number
    }

    /// SELECT by DF name (P1 '04', first occurrence P2 '00'); the FCI it returns is not needed.
    func selectISDR(on channel: UInt8) async throws(LPAError) {
        let command = CommandAPDU(
            cla: LogicalChannel.interindustryClass(channel: channel), ins: Instruction.select, p1: 0x04, p2: 0x00,
            data: Self.isdrAID, le: 0x00)
        let response = try await exchange(command, function: .selectISDR)
        _ = try await collectResponse(to: response, channel: channel, function: .selectISDR)
    }

    func closeChannel() async throws(LPAError) {
        guard let channel else { return }
        self.channel = nil
        if channel != 0 { try await closeLogicalChannel(channel) }
    }

    /// MANAGE CHANNEL close (P1 '80', P2 = channel).
    func closeLogicalChannel(_ channel: UInt8) async throws(LPAError) {
        let command = CommandAPDU(cla: 0x00, ins: Instruction.manageChannel, p1: 0x80, p2: channel)
        let response = try await exchange(command, function: .manageChannel)
        guard response.sw == StatusWord.success else { throw .statusWord(response.sw, function: .manageChannel) }
    }

    /// One ES10 command as a STORE DATA sequence; returns the answer to the last block.
    func storeData(_ command: [UInt8], channel: UInt8, function: ES10Function) async throws(LPAError) -> [UInt8] {
        guard !command.isEmpty else {
            throw .invalidRequest(function: function.rawValue, reason: "empty command")
        }
        let blockCount = (command.count + blockSize - 1) / blockSize
        guard blockCount <= 256 else {
            throw .invalidRequest(
                function: function.rawValue,
                reason: "\(command.count) bytes need \(blockCount) STORE DATA blocks; P2 numbers at most 256")
        }
        let cla = LogicalChannel.proprietaryClass(channel: channel)
        for number in 0..<blockCount {
            let start = number * blockSize
            let block = Array(command[start..<min(start + blockSize, command.count)])
            let isLast = number == blockCount - 1
            let apdu = CommandAPDU(
                cla: cla, ins: Instruction.storeData, p1: isLast ? StoreDataP1.lastBlock : StoreDataP1.moreBlocks,
                p2: UInt8(truncatingIfNeeded: number), data: block, le: isLast ? 0x00 : nil)
            let response = try await exchange(apdu, function: function)
            if isLast {
                return try await collectResponse(to: response, channel: channel, function: function)
            }
            guard response.sw == StatusWord.success else { throw .statusWord(response.sw, function: function) }
            guard response.data.isEmpty else {
                throw .unexpectedResponse(
                    function: function.rawValue, reason: "data in the answer to STORE DATA block \(number)")
            }
        }
        return []  // unreachable: blockCount ≥ 1 and the last block returns
    }

    /// Collects the response data: while SW1 is '61', GET RESPONSE with Le = SW2 ('00' = 256);
    /// a '6Cxx' answer repeats GET RESPONSE with Le = xx. Ends on '9000', any other SW is an error.
    func collectResponse(to first: ResponseAPDU, channel: UInt8, function: ES10Function) async throws(LPAError)
        -> [UInt8]
    {
        var data = first.data
        var current = first
        let cla = LogicalChannel.interindustryClass(channel: channel)
        while current.sw1 == StatusWord.moreDataPrefix {
            var getResponse = CommandAPDU(cla: cla, ins: Instruction.getResponse, p1: 0x00, p2: 0x00, le: current.sw2)
            current = try await exchange(getResponse, function: function)
            if current.sw1 == 0x6C {
                getResponse.le = current.sw2
                current = try await exchange(getResponse, function: function)
            }
            data += current.data
            guard data.count <= Self.maximumResponseSize else {
                throw .unexpectedResponse(
                    function: function.rawValue, reason: "response longer than \(Self.maximumResponseSize) bytes")
            }
        }
        guard current.sw == StatusWord.success else { throw .statusWord(current.sw, function: function) }
        return data
    }

    /// One command/response pair over the transport.
    func exchange(_ command: CommandAPDU, function: ES10Function) async throws(LPAError) -> ResponseAPDU {
        do {
            try command.checkEncodable()
        } catch {
            throw .invalidRequest(function: function.rawValue, reason: "APDU cannot be encoded: \(error)")
        }
        let response: ResponseAPDU
        if let structured {
            response = await structured.exchange(command)
        } else {
            response = try await transmitted(command, function: function)
        }
        logger.trace(
            "APDU", metadata: ["function": "\(function)", "ins": "\([command.ins].hexString)",
                "lc": "\(command.data.count)", "sw": "\(LPAError.hex(response.sw))", "le": "\(response.data.count)"])
        return response
    }

    /// An encodable command's bytes through the transport, and the answer parsed.
    private func transmitted(_ command: CommandAPDU, function: ES10Function) async throws(LPAError) -> ResponseAPDU {
        let answer: [UInt8]
        do {
            answer = try await transport.transmit(try command.bytes())
        } catch {
            throw .cardUnreachable(reason: "\(function): \(error)")
        }
        do {
            return try ResponseAPDU(bytes: answer)
        } catch {
            throw .unexpectedResponse(function: function.rawValue, reason: "the card's answer has no status word")
        }
    }
}
