import SwiftASN1
import Testing

import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// A CertificateList-shaped SEQUENCE (tbsCertList, signatureAlgorithm ecdsa-with-SHA256,
/// signature): messages keep CRLs as bytes and do not parse them.
private let crlHex = "3015 3003020101 300a06082a8648ce3d040302 03020000"

@Suite("ES10b LoadCRL messages")
struct ES10bLoadCRLTests {
    @Test("LoadCRLRequest re-tags the CRL [0] 'A0' and decodes it back to its universal '30' form")
    func request() throws {
        let crl = try CertificateListDER(derBytes: hex(crlHex))
        let expected = try hex("bf3517 a015 3003020101 300a06082a8648ce3d040302 03020000")
        let request = LoadCRLRequest(crl: crl)
        #expect(try request.derEncoded() == expected)
        let decoded = try LoadCRLRequest(derBytes: expected)
        #expect(decoded == request)
        #expect(try decoded.crl.derBytes == hex(crlHex))
    }

    @Test("LoadCRLRequest truncated, with a primitive CRL or a universal '30' CRL throws")
    func requestMalformed() throws {
        let expected = try hex("bf3517 a015 3003020101 300a06082a8648ce3d040302 03020000")
        #expect(throws: ASN1Error.self) { try LoadCRLRequest(derBytes: expected.dropLast()) }
        #expect(throws: ASN1Error.self) { try LoadCRLRequest(derBytes: hex("bf3503 800100")) }
        #expect(throws: ASN1Error.self) { try LoadCRLRequest(derBytes: hex("bf3517 \(crlHex)")) }
        #expect(throws: ASN1Error.self) { try CertificateListDER(derBytes: hex("040100")) }
    }

    @Test("LoadCRLResponse ok with missingParts is 'BF35 A0 { A0 { 30 { 80 n } … } }'")
    func responseOkMissingParts() throws {
        let expected = try hex("bf350e a00c a00a 3003800102 3003800103")
        let response = LoadCRLResponse.loadCRLResponseOk(
            LoadCRLResponseOk(missingParts: [.init(number: 2), .init(number: 3)]))
        #expect(try response.derEncoded() == expected)
        #expect(try LoadCRLResponse(derBytes: expected) == response)
    }

    @Test("LoadCRLResponse ok without missingParts is 'BF35 02 A0 00'")
    func responseOkEmpty() throws {
        let expected = try hex("bf3502 a000")
        #expect(try LoadCRLResponse.loadCRLResponseOk(LoadCRLResponseOk()).derEncoded() == expected)
        #expect(try LoadCRLResponse(derBytes: expected) == .loadCRLResponseOk(LoadCRLResponseOk()))
    }

    @Test("LoadCRLResponse error alternative is the INTEGER '81' inside 'BF35'")
    func responseError() throws {
        let expected = try hex("bf3503 810102")
        #expect(try LoadCRLResponse.loadCRLResponseError(.invalidCRLFormat).derEncoded() == expected)
        #expect(try LoadCRLResponse(derBytes: expected) == .loadCRLResponseError(.invalidCRLFormat))
    }

    @Test("LoadCRLResponse truncated, with a negative part number or an unknown alternative throws")
    func responseMalformed() throws {
        #expect(throws: ASN1Error.self) { try LoadCRLResponse(derBytes: hex("bf350e a00c a00a 3003800102 30038001")) }
        #expect(throws: ASN1Error.self) { try LoadCRLResponse(derBytes: hex("bf3509 a007 a005 30038001ff")) }
        #expect(throws: ASN1Error.self) { try LoadCRLResponse(derBytes: hex("bf3502 a100")) }
    }
}
