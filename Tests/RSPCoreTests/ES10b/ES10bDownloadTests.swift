import SwiftASN1
import Testing

import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

private let transactionId = "a136211522c14bb6bc73a8b4b67b8f30"

/// The identifiers of the components of a constructed DER value, in order.
private func componentTags(_ bytes: [UInt8]) throws -> [ASN1Identifier] {
    let node = try DER.parse(bytes)
    guard case .constructed(let children) = node.content else { return [] }
    return children.map(\.identifier)
}

@Suite("ES10b PrepareDownload messages")
struct ES10bDownloadTests {
    @Test("SmdpSigned2 built from values encodes to the recorded '30 15 80 10 <txid> 01 01 00'")
    func recordedSmdpSigned2() throws {
        let bytes = try hex(ES10bSessionVectors.smdpSigned2)
        let value = SmdpSigned2(transactionId: OctetString(try hex(transactionId)), ccRequiredFlag: false)
        #expect(try value.derEncoded() == bytes)
        #expect(try SmdpSigned2(derBytes: bytes) == value)
    }

    @Test("SmdpSigned2 with ccRequiredFlag and bppEuiccOtpk '5F49' round-trips; truncated throws")
    func smdpSigned2WithOtpk() throws {
        let value = SmdpSigned2(
            transactionId: OctetString(try hex(transactionId)), ccRequiredFlag: true, bppEuiccOtpk: [0x04, 0xAA, 0xBB])
        let expected = try hex("301b 8010 \(transactionId) 0101ff 5f490304aabb")
        #expect(try value.derEncoded() == expected)
        #expect(try SmdpSigned2(derBytes: expected) == value)
        #expect(throws: ASN1Error.self) { try SmdpSigned2(derBytes: expected.dropLast()) }
        #expect(throws: ASN1Error.self) { try SmdpSigned2(derBytes: hex("3012 8010 \(transactionId)")) }
    }

    @Test("PrepareDownloadRequest built from the recorded parts matches the LPA's 'BF21' and decodes back")
    func recordedPrepareDownloadRequest() throws {
        let bytes = try hex(ES10bSessionVectors.prepareDownloadRequest)
        let decoded = try PrepareDownloadRequest(derBytes: bytes)
        #expect(try decoded.smdpSigned2.derBytes == hex(ES10bSessionVectors.smdpSigned2))
        #expect(decoded.smdpSigned2.value.ccRequiredFlag == false)
        #expect(decoded.smdpSigned2.value.bppEuiccOtpk == nil)
        #expect(decoded.hashCc == nil)
        #expect(decoded.smdpSignature2.count == 64)
        #expect(try decoded.derEncoded() == bytes)

        let built = PrepareDownloadRequest(
            smdpSigned2: try Encoded(SmdpSigned2(transactionId: OctetString(try hex(transactionId)), ccRequiredFlag: false)),
            smdpSignature2: decoded.smdpSignature2, smdpCertificate: decoded.smdpCertificate)
        #expect(try built.derEncoded() == bytes)
        #expect(throws: ASN1Error.self) { try PrepareDownloadRequest(derBytes: bytes.dropLast()) }
    }

    @Test("PrepareDownloadRequest with hashCc puts it as a plain OCTET STRING '04' before the certificate")
    func prepareDownloadRequestWithHashCc() throws {
        let recorded = try PrepareDownloadRequest(derBytes: hex(ES10bSessionVectors.prepareDownloadRequest))
        var value = recorded
        value.smdpSigned2 = try Encoded(SmdpSigned2(transactionId: OctetString(try hex(transactionId)), ccRequiredFlag: true))
        value.hashCc = OctetString(Array(repeating: 0xCC, count: 32))
        let bytes = try value.derEncoded()
        #expect(try componentTags(bytes) == [.sequence, .application(55), .octetString, .sequence])
        #expect(try PrepareDownloadRequest(derBytes: bytes) == value)

        value.hashCc = OctetString(Array(repeating: 0xCC, count: 31))
        #expect(throws: ASN1Error.self) { try PrepareDownloadRequest(derBytes: value.derEncoded()) }
    }

    @Test("PrepareDownloadResponse from the recorded session decodes and re-encodes byte for byte")
    func recordedPrepareDownloadResponse() throws {
        let bytes = try hex(ES10bSessionVectors.prepareDownloadResponse)
        let response = try PrepareDownloadResponse(derBytes: bytes)
        guard case .downloadResponseOk(let ok) = response else {
            Issue.record("expected downloadResponseOk, got \(response)")
            return
        }
        // 'BF21 81 9E A0 81 9B' (7 bytes) then euiccSigned2 '30 56 …' (88 bytes).
        #expect(ok.euiccSigned2.derBytes == Array(bytes[7..<(7 + 88)]))
        #expect(try ok.euiccSigned2.value.transactionId.bytes == hex(transactionId))
        #expect(ok.euiccSigned2.value.euiccOtpk.count == 65)
        #expect(ok.euiccSigned2.value.euiccOtpk.bytes.prefix(4) == [0x04, 0x1A, 0x1A, 0x80])
        #expect(ok.euiccSigned2.value.hashCc == nil)
        #expect(ok.euiccSignature2.count == 64)
        #expect(ok.euiccSignature2.bytes.prefix(2) == [0xA9, 0xC5])
        #expect(try response.derEncoded() == bytes)
    }

    @Test("EUICCSigned2 with hashCc tags it '04' after euiccOtpk '5F49' and round-trips")
    func euiccSigned2WithHashCc() throws {
        let value = EUICCSigned2(
            transactionId: OctetString(try hex(transactionId)), euiccOtpk: OctetString([0x04] + Array(repeating: 0x11, count: 64)),
            hashCc: OctetString(Array(repeating: 0x22, count: 32)))
        let bytes = try value.derEncoded()
        #expect(bytes.prefix(2) == [0x30, 0x78])
        #expect(try componentTags(bytes) == [.context(0), .application(73), .octetString])
        #expect(try EUICCSigned2(derBytes: bytes) == value)
        #expect(throws: ASN1Error.self) { try EUICCSigned2(derBytes: bytes.dropLast()) }
    }

    @Test("PrepareDownloadResponse error alternative is 'BF21 A1 { 80 <txid> 02 <code> }'")
    func prepareDownloadResponseError() throws {
        let expected = try hex("bf2117 a115 8010 \(transactionId) 020105")
        let response = PrepareDownloadResponse.downloadResponseError(
            PrepareDownloadResponseError(transactionId: OctetString(try hex(transactionId)), downloadErrorCode: .invalidTransactionId))
        #expect(try response.derEncoded() == expected)
        #expect(try PrepareDownloadResponse(derBytes: expected) == response)
        #expect(DownloadErrorCode.invalidTransactionId.name == "invalidTransactionId")
    }

    @Test("PrepareDownloadResponse truncated or with an unknown alternative throws")
    func prepareDownloadResponseMalformed() throws {
        let bytes = try hex(ES10bSessionVectors.prepareDownloadResponse)
        #expect(throws: ASN1Error.self) { try PrepareDownloadResponse(derBytes: bytes.dropLast()) }
        #expect(throws: ASN1Error.self) { try PrepareDownloadResponse(derBytes: hex("bf2102 a200")) }
        #expect(throws: ASN1Error.self) { try PrepareDownloadResponse(derBytes: hex("bf2117 a115 8010 \(transactionId) 0201")) }
    }
}
