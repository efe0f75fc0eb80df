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
        do {
            return try pieces(of: bpp)
        } catch let malformed as Malformed {
            throw malformed
        } catch {
            throw Malformed(reason: "\(error)")
        }
    }

    /// The pieces, read as TLVs of the bytes as received (`DERReader`: the BPP is checked well-formed
    /// once, and no node is built for its segments or the InitialiseSecureChannelRequest inside).
    private static func pieces(of bpp: [UInt8]) throws -> [[UInt8]] {
        let root = try DERStructure.validateSingle(bpp)
        guard root.identifier == BoundProfilePackage.defaultIdentifier, root.constructed else {
            throw Malformed(reason: "not a 'BF36' BoundProfilePackage")
        }
        var elements = try DERReader(root, in: bpp, identifier: root.identifier)
        guard let iscr = try elements.next(), iscr.identifier == .context(35) else {
            throw Malformed(reason: "initialiseSecureChannelRequest ('BF23') must come first")
        }
        // The BPP's own tag and length travel with the whole 'BF23' TLV.
        var pieces = [Array(bpp[root.start..<iscr.end])]

        guard let first87 = try elements.next(), first87.identifier == .context(0) else {
            throw Malformed(reason: "firstSequenceOf87 ('A0') missing")
        }
        pieces += try list(first87, in: bpp, element: 7, headerWithFirstElement: true)

        guard let seq88 = try elements.next(), seq88.identifier == .context(1) else {
            throw Malformed(reason: "sequenceOf88 ('A1') missing")
        }
        pieces += try list(seq88, in: bpp, element: 8, headerWithFirstElement: false)

        var next = try elements.next()
        if let second87 = next, second87.identifier == .context(2) {
            pieces += try list(second87, in: bpp, element: 7, headerWithFirstElement: true)
            next = try elements.next()
        }
        guard let seq86 = next, seq86.identifier == .context(3) else {
            throw Malformed(reason: "sequenceOf86 ('A3') missing")
        }
        pieces += try list(seq86, in: bpp, element: 6, headerWithFirstElement: false)
        guard try elements.next() == nil else {
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

    /// The pieces of one `[n] SEQUENCE OF [element] OCTET STRING`: its tag and length alone or with the
    /// first element, then each element's TLV.
    private static func list(_ tlv: DERStructure.TLV, in bpp: [UInt8], element: UInt, headerWithFirstElement: Bool) throws
        -> [[UInt8]]
    {
        guard tlv.constructed else { throw Malformed(reason: "\(tlv.identifier) is not constructed") }
        var children = try DERReader(tlv, in: bpp, identifier: tlv.identifier)
        var elements: [DERStructure.TLV] = []
        while let child = try children.next() {
            guard child.identifier == .context(element) else {
                throw Malformed(reason: "\(child.identifier) inside \(tlv.identifier), expected [\(element)]")
            }
            elements.append(child)
        }
        guard let first = elements.first else { return [Array(bpp[tlv.start..<tlv.end])] }
        if headerWithFirstElement {
            return [Array(bpp[tlv.start..<first.end])] + elements.dropFirst().map { Array(bpp[$0.start..<$0.end]) }
        }
        return [Array(bpp[tlv.start..<tlv.contentStart])] + elements.map { Array(bpp[$0.start..<$0.end]) }
    }
}
