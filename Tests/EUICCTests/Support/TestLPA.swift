import RSPCore
import SwiftASN1

@testable import EUICC

/// The terminal side of the APDU front, the way an LPA drives a card: open/select, ES10 commands as
/// STORE DATA sequences, long answers fetched with GET RESPONSE.
struct TestLPA {
    let card: SoftwareEUICC
    var channel: UInt8 = 0

    struct StatusWordError: Error, Equatable { let sw: UInt16 }

    func transmit(_ apdu: CommandAPDU) async throws -> ResponseAPDU {
        try ResponseAPDU(bytes: try await card.transmit(try apdu.bytes()))
    }

    func selectISDR() async throws {
        let response = try await transmit(CommandAPDU(cla: channel, ins: 0xA4, p1: 0x04, p2: 0x00, data: ISDPAID.isdr, le: 0))
        guard response.sw == StatusWord.success else { throw StatusWordError(sw: response.sw) }
    }

    /// One ES10 command in STORE DATA blocks of `blockSize` bytes; returns the complete answer.
    func es10(_ command: [UInt8], blockSize: Int = 255) async throws -> [UInt8] {
        let blocks = stride(from: 0, to: command.count, by: blockSize).map { Array(command[$0..<min($0 + blockSize, command.count)]) }
        var response = ResponseAPDU(sw: 0)
        for (number, block) in blocks.enumerated() {
            let last = number == blocks.count - 1
            response = try await transmit(CommandAPDU(
                cla: 0x80 | channel, ins: 0xE2, p1: last ? 0x91 : 0x11, p2: UInt8(number & 0xFF), data: block, le: last ? 0 : nil))
            if !last, response.sw != StatusWord.success { throw StatusWordError(sw: response.sw) }
        }
        var data = response.data
        while response.sw1 == StatusWord.moreDataPrefix {
            response = try await transmit(CommandAPDU(cla: channel, ins: 0xC0, p1: 0, p2: 0, le: response.sw2))
            data += response.data
        }
        guard response.sw == StatusWord.success else { throw StatusWordError(sw: response.sw) }
        return data
    }

    /// A Bound Profile Package the way SGP.22 §2.5.5 shows an LPA sending it: 'BF36' header with the
    /// whole 'BF23'; each sequence header; each segment — one STORE DATA sequence each.
    static func storeDataSequences(of bpp: [UInt8]) throws -> [[UInt8]] {
        let root = try DER.parse(bpp)
        guard case .constructed(let children) = root.content else { return [bpp] }
        let childBytes = children.map { Array($0.encodedBytes) }
        let rootHeader = Array(bpp.prefix(bpp.count - childBytes.reduce(0) { $0 + $1.count }))
        var sequences: [[UInt8]] = []
        for (index, child) in children.enumerated() {
            if index == 0 {
                sequences.append(rootHeader + childBytes[0])
                continue
            }
            guard case .constructed(let segments) = child.content else { continue }
            let segmentBytes = segments.map { Array($0.encodedBytes) }
            let header = Array(childBytes[index].prefix(childBytes[index].count - segmentBytes.reduce(0) { $0 + $1.count }))
            sequences.append(header)
            sequences += segmentBytes
        }
        return sequences
    }
}
