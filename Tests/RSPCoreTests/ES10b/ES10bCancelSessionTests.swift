import Foundation
import SwiftASN1
import Testing

import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

private let transactionId = "a136211522c14bb6bc73a8b4b67b8f30"
private let signatureHex = String(repeating: "11", count: 64)
/// 'BF41 { A0 { 30 { 80 <txid>, 81 <2.999.10>, 82 00 }, 5F37 <signature> } }'
private let okHex = "bf4161 a05f 301a 8010 \(transactionId) 810388370a 820100 5f3740 \(signatureHex)"

@Suite("ES10b CancelSession messages")
struct ES10bCancelSessionTests {
    @Test("CancelSessionRequest tags its untagged components [0] '80' and [1] '81'")
    func request() throws {
        let expected = try hex("bf4115 8010 \(transactionId) 810101")
        let request = CancelSessionRequest(transactionId: OctetString(try hex(transactionId)), reason: .postponed)
        #expect(try request.derEncoded() == expected)
        #expect(try CancelSessionRequest(derBytes: expected) == request)
        #expect(throws: ASN1Error.self) { try CancelSessionRequest(derBytes: expected.dropLast()) }
        #expect(throws: ASN1Error.self) { try CancelSessionRequest(derBytes: hex("bf4115 0410 \(transactionId) 810101")) }
    }

    @Test("CancelSessionResponse ok carries EuiccCancelSessionSigned with OID [1] '81' and keeps its signed bytes")
    func responseOk() throws {
        let expected = try hex(okHex)
        let signed = EuiccCancelSessionSigned(
            transactionId: OctetString(try hex(transactionId)), smdpOid: [2, 999, 10], reason: .endUserRejection)
        let response = CancelSessionResponse.cancelSessionResponseOk(
            CancelSessionResponseOk(
                euiccCancelSessionSigned: try Encoded(signed),
                euiccCancelSessionSignature: OctetString(Array(repeating: 0x11, count: 64))))
        #expect(try response.derEncoded() == expected)
        let decoded = try CancelSessionResponse(derBytes: expected)
        #expect(decoded == response)
        guard case .cancelSessionResponseOk(let ok) = decoded else {
            Issue.record("expected cancelSessionResponseOk")
            return
        }
        #expect(try ok.euiccCancelSessionSigned.derBytes == hex("301a 8010 \(transactionId) 810388370a 820100"))
    }

    @Test("CancelSessionResponse error alternative is the INTEGER '81' inside 'BF41'")
    func responseError() throws {
        let expected = try hex("bf4103 810105")
        #expect(try CancelSessionResponse.cancelSessionResponseError(.invalidTransactionId).derEncoded() == expected)
        #expect(try CancelSessionResponse(derBytes: expected) == .cancelSessionResponseError(.invalidTransactionId))
        #expect(try CancelSessionResponse(derBytes: hex("bf4103 81017f")) == .cancelSessionResponseError(.undefinedError))
    }

    @Test("CancelSessionResponse truncated, with an unknown alternative or a 17-byte transactionId throws")
    func responseMalformed() throws {
        let bytes = try hex(okHex)
        #expect(throws: ASN1Error.self) { try CancelSessionResponse(derBytes: bytes.dropLast()) }
        #expect(throws: ASN1Error.self) { try CancelSessionResponse(derBytes: hex("bf4103 820105")) }
        #expect(throws: ASN1Error.self) {
            try EuiccCancelSessionSigned(derBytes: hex("301b 8011 \(transactionId)00 810388370a 820100"))
        }
    }

    @Test("EuiccCancelSessionSigned renders smdpOid in dotted form in JSON, arc 2 with a second arc above 39 included")
    func json() throws {
        let signed = EuiccCancelSessionSigned(
            transactionId: OctetString(try hex(transactionId)), smdpOid: [2, 999, 10], reason: .timeout)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(signed), as: UTF8.self)
        #expect(text == #"{"reason":"timeout(2)","smdpOid":"2.999.10","transactionId":"A136211522C14BB6BC73A8B4B67B8F30"}"#)
        let other = EuiccCancelSessionSigned(
            transactionId: [0x01], smdpOid: [1, 3, 6, 1, 4, 1, 31746, 1, 1], reason: .endUserRejection)
        #expect(String(decoding: try encoder.encode(other), as: UTF8.self).contains(#""smdpOid":"1.3.6.1.4.1.31746.1.1""#))
    }
}
