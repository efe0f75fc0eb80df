import RSPCore
import SwiftASN1

/// An Unprotected Profile Package: the concatenated DER ProfileElements of a profile
/// (SAIP 3.3.1 §8.1), as operators deliver them and as the BPP's '86' segments carry them.
public struct UnprotectedProfilePackage: Sendable {
    public struct Element: Sendable, Hashable, Encodable {
        public var kind: String
        /// The element's complete TLV.
        public var der: [UInt8]
    }

    public let der: [UInt8]
    public let elements: [Element]
    public let header: ProfileHeader

    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case empty
        case malformedElement(offset: Int, reason: String)
        case headerNotFirst
        case missingEnd

        public var description: String {
            switch self {
            case .empty: "the profile package is empty"
            case .malformedElement(let offset, let reason): "malformed profile element at byte \(offset): \(reason)"
            case .headerNotFirst: "the first profile element is not the ProfileHeader"
            case .missingEnd: "the profile package has no End element"
            }
        }
    }

    public init(der: [UInt8]) throws {
        guard !der.isEmpty else { throw Failure.empty }
        var elements: [Element] = []
        var header: ProfileHeader?
        var offset = 0
        while offset < der.count {
            let length: Int
            let node: ASN1Node
            do {
                length = try Self.tlvLength(der, at: offset)
                node = try DER.parse(Array(der[offset..<offset + length]))
            } catch {
                throw Failure.malformedElement(offset: offset, reason: String(describing: error))
            }
            guard node.identifier.tagClass == .contextSpecific else {
                throw Failure.malformedElement(offset: offset, reason: "not a ProfileElement tag: \(node.identifier)")
            }
            if elements.isEmpty {
                guard node.identifier.tagNumber == 0 else { throw Failure.headerNotFirst }
                do { header = try ProfileHeader(element: node) } catch {
                    throw Failure.malformedElement(offset: offset, reason: String(describing: error))
                }
            }
            elements.append(Element(kind: ProfileElementKind.name(forTag: node.identifier.tagNumber),
                                    der: Array(node.encodedBytes)))
            offset += length
        }
        guard let header else { throw Failure.headerNotFirst }
        guard elements.last?.kind == "end" else { throw Failure.missingEnd }
        self.der = der
        self.elements = elements
        self.header = header
    }

    /// Total length of the TLV starting at `offset` (identifier, length octets, contents).
    static func tlvLength(_ bytes: [UInt8], at offset: Int) throws -> Int {
        var index = offset
        guard index < bytes.count else { throw ASN1Error.truncatedASN1Field() }
        if bytes[index] & 0x1F == 0x1F {            // high tag number form
            repeat {
                index += 1
                guard index < bytes.count else { throw ASN1Error.truncatedASN1Field() }
            } while bytes[index] & 0x80 != 0
        }
        index += 1
        guard index < bytes.count else { throw ASN1Error.truncatedASN1Field() }
        let first = bytes[index]
        index += 1
        var contentLength = 0
        if first & 0x80 == 0 {
            contentLength = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard count >= 1, count <= 4, index + count <= bytes.count else { throw ASN1Error.unsupportedFieldLength(reason: "length of \(count) octets") }
            for _ in 0..<count {
                contentLength = contentLength << 8 | Int(bytes[index])
                index += 1
            }
        }
        guard index + contentLength <= bytes.count else { throw ASN1Error.truncatedASN1Field() }
        return index + contentLength - offset
    }
}
