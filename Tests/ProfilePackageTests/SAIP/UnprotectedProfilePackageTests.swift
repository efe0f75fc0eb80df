import Foundation
import ProfilePackage
import RSPCore
import RSPTestSupport
import Testing

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
}
