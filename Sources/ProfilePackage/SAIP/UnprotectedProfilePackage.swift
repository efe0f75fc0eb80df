import RSPCore
import SwiftASN1

/// An Unprotected Profile Package: the concatenated DER ProfileElements of a profile
/// (SAIP 3.3.1 §8.1), as operators deliver them and as the BPP's '86' segments carry them.
public struct UnprotectedProfilePackage: Sendable {
    public struct Element: Sendable, Hashable, Encodable {
        public var kind: String
        /// The element's complete TLV: a slice of the package's `der`, so its indices are the package's
        /// (the element starts at `der.startIndex`, not 0). Slicing shares the package's storage.
        public var der: ArraySlice<UInt8>

        private enum CodingKeys: String, CodingKey { case kind, der }

        /// As before the slice: `der` renders as an array of bytes (ArraySlice itself is not Encodable).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(Array(der), forKey: .der)
        }
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
            // A structural walk, not DER.parse: a package holds hundreds of nested TLVs that nobody here
            // decodes, and building (then freeing) a node for each was most of the cost of reading it.
            let tlv: DERStructure.TLV
            do { tlv = try DERStructure.validateTLV(der, at: offset) } catch {
                throw Failure.malformedElement(offset: offset, reason: String(describing: error))
            }
            guard tlv.identifier.tagClass == .contextSpecific else {
                throw Failure.malformedElement(offset: offset, reason: "not a ProfileElement tag: \(tlv.identifier)")
            }
            if elements.isEmpty {
                guard tlv.identifier.tagNumber == 0 else { throw Failure.headerNotFirst }
                do { header = try ProfileHeader(element: DER.parse(der[offset..<tlv.end])) } catch {
                    throw Failure.malformedElement(offset: offset, reason: String(describing: error))
                }
            }
            elements.append(Element(kind: ProfileElementKind.name(forTag: tlv.identifier.tagNumber), der: der[offset..<tlv.end]))
            offset = tlv.end
        }
        guard let header else { throw Failure.headerNotFirst }
        guard elements.last?.kind == "end" else { throw Failure.missingEnd }
        self.der = der
        self.elements = elements
        self.header = header
    }
}
