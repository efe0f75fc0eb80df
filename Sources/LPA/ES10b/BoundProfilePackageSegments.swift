import RSPCore
import SwiftASN1

/// The pieces in which the LPA hands a Bound Profile Package to the eUICC (SGP.22 §2.5.5),
/// each sent as its own ES10b.LoadBoundProfilePackage STORE DATA sequence:
///
/// 1. tag and length of the BoundProfilePackage ('BF36') plus the whole
///    initialiseSecureChannelRequest TLV ('BF23');
/// 2. tag and length of firstSequenceOf87 ('A0') plus its first '87' TLV;
/// 3. each further '87' TLV of firstSequenceOf87;
/// 4. tag and length of sequenceOf88 ('A1');
/// 5. each '88' TLV;
/// 6. tag and length of secondSequenceOf87 ('A2') plus its first '87' TLV, if present;
/// 7. each further '87' TLV of secondSequenceOf87;
/// 8. tag and length of sequenceOf86 ('A3');
/// 9. each '86' TLV.
///
/// The pieces are cut from the received bytes (never a re-encoding), so their concatenation
/// is the BPP exactly as the SM-DP+ sent it.
public enum BoundProfilePackageSegments {
    public struct Malformed: Error, Hashable, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { "malformed BoundProfilePackage: \(reason)" }
    }

    /// Splits a DER-encoded BoundProfilePackage into the SGP.22 §2.5.5 pieces.
    public static func split(_ bpp: [UInt8]) throws(Malformed) -> [[UInt8]] {
        let root: ASN1Node
        do {
            root = try DER.parse(bpp)
        } catch {
            throw Malformed(reason: "\(error)")
        }
        guard root.identifier == BoundProfilePackage.defaultIdentifier, case .constructed(let children) = root.content
        else {
            throw Malformed(reason: "not a 'BF36' BoundProfilePackage")
        }
        var nodes = children.makeIterator()
        guard let iscr = nodes.next(), iscr.identifier == .context(35) else {
            throw Malformed(reason: "initialiseSecureChannelRequest ('BF23') must come first")
        }
        var pieces = [header(of: root, firstChild: iscr) + Array(iscr.encodedBytes)]

        guard let first87 = nodes.next(), first87.identifier == .context(0) else {
            throw Malformed(reason: "firstSequenceOf87 ('A0') missing")
        }
        pieces += try list(first87, element: 7, headerWithFirstElement: true)

        guard let seq88 = nodes.next(), seq88.identifier == .context(1) else {
            throw Malformed(reason: "sequenceOf88 ('A1') missing")
        }
        pieces += try list(seq88, element: 8, headerWithFirstElement: false)

        var next = nodes.next()
        if let second87 = next, second87.identifier == .context(2) {
            pieces += try list(second87, element: 7, headerWithFirstElement: true)
            next = nodes.next()
        }
        guard let seq86 = next, seq86.identifier == .context(3) else {
            throw Malformed(reason: "sequenceOf86 ('A3') missing")
        }
        pieces += try list(seq86, element: 6, headerWithFirstElement: false)
        guard nodes.next() == nil else {
            throw Malformed(reason: "unexpected element after sequenceOf86")
        }
        return pieces
    }

    /// How many pieces `split` cuts the DER of `bpp` into, counted from its lists: the LPA reports
    /// it before loading, and encoding and splitting a BPP (hundreds of kilobytes) only to count was
    /// measurable. A list whose header travels with its first element gives one piece per element
    /// (one, the bare header, when empty); the others give their header plus one per element.
    public static func count(of bpp: BoundProfilePackage) -> Int {
        1 + max(1, bpp.firstSequenceOf87.count)
            + 1 + bpp.sequenceOf88.count
            + (bpp.secondSequenceOf87.map { max(1, $0.count) } ?? 0)
            + 1 + bpp.sequenceOf86.count
    }

    /// The pieces of one `[n] SEQUENCE OF [element] OCTET STRING`.
    private static func list(_ node: ASN1Node, element: UInt, headerWithFirstElement: Bool) throws(Malformed)
        -> [[UInt8]]
    {
        guard case .constructed(let children) = node.content else {
            throw Malformed(reason: "\(node.identifier) is not constructed")
        }
        let elements = Array(children)
        for child in elements where child.identifier != .context(element) {
            throw Malformed(reason: "\(child.identifier) inside \(node.identifier), expected [\(element)]")
        }
        guard let first = elements.first else { return [Array(node.encodedBytes)] }
        let head = header(of: node, firstChild: first)
        if headerWithFirstElement {
            return [head + Array(first.encodedBytes)] + elements.dropFirst().map { Array($0.encodedBytes) }
        }
        return [head] + elements.map { Array($0.encodedBytes) }
    }

    /// The tag and length bytes of a constructed node: everything before its first child.
    private static func header(of node: ASN1Node, firstChild: ASN1Node) -> [UInt8] {
        let length = firstChild.encodedBytes.startIndex - node.encodedBytes.startIndex
        return Array(node.encodedBytes.prefix(length))
    }
}
