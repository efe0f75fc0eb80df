import Foundation
import RSPCore
import RSPTestSupport
import SwiftASN1
import Testing

@testable import ProfilePackage

@Suite("Unprotected Profile Package (SAIP)")
struct UnprotectedProfilePackageTests {
    @Test("every TS.48 test profile parses: header first, End last, ICCID readable")
    func ts48Profiles() throws {
        let names = try Vectors.files(in: ".", base: Vectors.profiles).filter { $0.hasSuffix(".der") }
        #expect(names.count >= 30)
        for name in names {
            let upp = try UnprotectedProfilePackage(der: try Vectors.bytes(name, in: Vectors.profiles))
            #expect(upp.elements.first?.kind == "header", "\(name)")
            #expect(upp.elements.last?.kind == "end", "\(name)")
            #expect(upp.elements.map(\.der.count).reduce(0, +) == upp.der.count, "\(name)")
            #expect(try upp.header.iccid.digits.count >= 18, "\(name)")
        }
    }

    @Test("the recorded session's UPP carries ICCID 8949449999999990171F")
    func recordedUPP() throws {
        let upp = try UnprotectedProfilePackage(der: try Vectors.bytes("bpp-plaintext/upp.der"))
        #expect(try upp.header.iccid.paddedDigits == "8949449999999990171F")
        #expect(upp.header.majorVersion == 2)
        #expect(upp.header.profileType == "GSMA Generic eUICC Test Profile")
    }

    @Test("truncated, empty and header-less packages are rejected with a typed error")
    func malformed() throws {
        let der = try Vectors.bytes("bpp-plaintext/upp.der")
        #expect(throws: UnprotectedProfilePackage.Failure.empty) { try UnprotectedProfilePackage(der: []) }
        #expect(throws: UnprotectedProfilePackage.Failure.self) { try UnprotectedProfilePackage(der: Array(der.dropLast(5))) }
        #expect(throws: UnprotectedProfilePackage.Failure.self) { try UnprotectedProfilePackage(der: [0xA0, 0x82, 0xFF]) }
        // Drop the header element: the first element is then not the header.
        let headerLength = 3 + Int(der[2])
        #expect(throws: UnprotectedProfilePackage.Failure.headerNotFirst) {
            try UnprotectedProfilePackage(der: Array(der[headerLength...]))
        }
    }

    /// The elements as swift-asn1 sees them: the package wrapped in a SEQUENCE and parsed whole.
    static func referenceElements(_ der: [UInt8]) throws -> [ASN1Node] {
        var wrapper = DER.Serializer()
        try wrapper.appendConstructedNode(identifier: .sequence) { $0.serializeRawBytes(der) }
        guard case .constructed(let children) = try DER.parse(wrapper.serializedBytes).content else { return [] }
        return Array(children)
    }

    /// What the package reader accepted when it parsed every element with DER.parse.
    static func referenceAccepts(_ der: [UInt8]) -> Bool {
        guard let elements = try? referenceElements(der), let first = elements.first, let last = elements.last,
            elements.allSatisfy({ $0.identifier.tagClass == .contextSpecific }), first.identifier.tagNumber == 0,
            last.identifier.tagNumber == 10
        else { return false }
        return (try? ProfileHeader(element: first)) != nil
    }

    @Test("the elements are the TLVs DER.parse finds, for every TS.48 profile")
    func elementsMatchDERParse() throws {
        let names = try Vectors.files(in: ".", base: Vectors.profiles).filter { $0.hasSuffix(".der") }
        for name in names {
            let der = try Vectors.bytes(name, in: Vectors.profiles)
            let upp = try UnprotectedProfilePackage(der: der)
            let reference = try Self.referenceElements(der)
            #expect(upp.elements.map { Array($0.der) } == reference.map { Array($0.encodedBytes) }, "\(name)")
            #expect(upp.elements.map(\.kind) == reference.map { ProfileElementKind.name(forTag: $0.identifier.tagNumber) })
        }
    }

    /// The recorded UPP with its End element ('AA 07 A0 05 80 00 81 01 1F') replaced.
    static func withEnd(_ end: String) throws -> [UInt8] {
        let der = try Vectors.bytes("bpp-plaintext/upp.der")
        #expect(Array(der.suffix(9)) == [0xAA, 0x07, 0xA0, 0x05, 0x80, 0x00, 0x81, 0x01, 0x1F])
        return Array(der.dropLast(9)) + (try #require([UInt8](hex: end.filter { !$0.isWhitespace })))
    }

    @Test(
        "an element that is not well-formed DER is refused at its offset",
        arguments: [
            "AA 82 00",  // length octets cut short
            "AA 81 07 A0 05 80 00 81 01 1F",  // length in long form though under 128
            "AA 80 A0 05 80 00 81 01 1F 00 00",  // indefinite length
            "AA 07 A0 06 80 00 81 01 1F",  // nested TLV longer than its parent
            "AA 07 A0 05 80 00 81 82 1F",  // nested length truncated
            "AA 07 A0 05 9F 00 81 01 1F",  // nested long-form tag under 31
            "AA 07 A0 05 80 00 81 01 1F 00",  // a trailing byte after End
            "AA 07 A0 05 80 00 81 01 1F AA",  // a trailing truncated TLV
        ])
    func malformedElements(end: String) throws {
        let der = try Self.withEnd(end)
        let endOffset = try Vectors.bytes("bpp-plaintext/upp.der").count - 9
        #expect(!Self.referenceAccepts(der))
        do {
            _ = try UnprotectedProfilePackage(der: der)
            Issue.record("accepted \(end)")
        } catch let UnprotectedProfilePackage.Failure.malformedElement(offset, _) {
            #expect(offset >= endOffset)
        }
    }

    @Test("a package not ending with End, or with a non-context element, is refused")
    func structure() throws {
        #expect(throws: UnprotectedProfilePackage.Failure.missingEnd) { try UnprotectedProfilePackage(der: try Self.withEnd("A1 00")) }
        #expect(throws: UnprotectedProfilePackage.Failure.self) { try UnprotectedProfilePackage(der: try Self.withEnd("30 00")) }
        #expect(try UnprotectedProfilePackage(der: try Self.withEnd("AA 00")).elements.last?.kind == "end")
    }

    @Test("on thousands of corruptions of a real package, accepted exactly when DER.parse-based reading accepted")
    func corruptions() throws {
        let der = try Vectors.bytes("bpp-plaintext/upp.der")
        var state: UInt64 = 0xC0FFEE
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var refused = 0
        for round in 0..<3_000 {
            var bytes = der
            let position = next() % bytes.count
            switch round % 4 {
            case 0: bytes[position] = UInt8(truncatingIfNeeded: next())
            case 1: bytes = Array(bytes.prefix(position))
            case 2: bytes.insert(UInt8(truncatingIfNeeded: next()), at: position)
            default: bytes[position] = [0x80, 0x81, 0x82, 0xFF, 0x00][next() % 5]
            }
            let expected = Self.referenceAccepts(bytes)
            let accepted = (try? UnprotectedProfilePackage(der: bytes)) != nil
            #expect(accepted == expected, "round \(round) at \(position)")
            if !accepted { refused += 1 }
        }
        #expect(refused > 500)
    }

    @Test("header ICCID digits: the hexadecimal nibbles in order without the 'F' padding, for any bytes")
    func headerDigits() {
        var state: UInt64 = 42
        for round in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let bytes = (0..<10).map { UInt8(truncatingIfNeeded: state >> UInt64(($0 * 6 + round) % 56)) }
            let expected = bytes.hexString.filter { $0 != "F" }
            #expect(ProfileHeader.digits(bytes) == expected)
        }
        #expect(ProfileHeader.digits([0x89, 0x49, 0x44, 0x99, 0x99, 0x99, 0x99, 0x90, 0x17, 0x1F]) == "8949449999999990171")
    }
}
