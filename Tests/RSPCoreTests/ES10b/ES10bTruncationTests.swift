import SwiftASN1
import Testing

import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// A message type, a valid encoding of it, and its decoder.
private struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: @Sendable () throws -> [UInt8]
    let decode: @Sendable ([UInt8]) throws -> Void
    var testDescription: String { name }
}

private func decoder<T: DERParseable & SendableMetatype>(_ type: T.Type) -> @Sendable ([UInt8]) throws -> Void {
    { bytes in _ = try T(derBytes: bytes) }
}

private func authenticateResponseOk() throws -> AuthenticateResponseOk {
    let response = try AuthenticateServerResponse(derBytes: hex(ES10bSessionVectors.authenticateServerResponse))
    guard case .authenticateResponseOk(let ok) = response else { throw ASN1Error.invalidASN1Object(reason: "not ok") }
    return ok
}

private func prepareDownloadResponseOk() throws -> PrepareDownloadResponseOk {
    let response = try PrepareDownloadResponse(derBytes: hex(ES10bSessionVectors.prepareDownloadResponse))
    guard case .downloadResponseOk(let ok) = response else { throw ASN1Error.invalidASN1Object(reason: "not ok") }
    return ok
}

private let transactionId = "a136211522c14bb6bc73a8b4b67b8f30"

private let cases: [Case] = [
    Case(name: "GetEuiccInfo1Request", bytes: { [0xBF, 0x20, 0x00] }, decode: decoder(GetEuiccInfo1Request.self)),
    Case(name: "GetEuiccInfo2Request", bytes: { [0xBF, 0x22, 0x00] }, decode: decoder(GetEuiccInfo2Request.self)),
    Case(name: "GetEuiccChallengeRequest", bytes: { [0xBF, 0x2E, 0x00] }, decode: decoder(GetEuiccChallengeRequest.self)),
    Case(name: "GetEuiccChallengeResponse", bytes: { try hex("bf2e12 8010 000102030405060708090a0b0c0d0e0f") },
         decode: decoder(GetEuiccChallengeResponse.self)),
    Case(name: "EUICCInfo2", bytes: { try hex(ES10bSessionVectors.euiccInfo2) }, decode: decoder(EUICCInfo2.self)),
    Case(name: "CertificationDataObject", bytes: { try hex("3006 80014c 810155") },
         decode: decoder(CertificationDataObject.self)),
    Case(name: "DeviceInfo", bytes: { try hex("3008 800435230145 a100") }, decode: decoder(DeviceInfo.self)),
    Case(name: "DeviceCapabilities", bytes: { try hex("3005 80030d0000") }, decode: decoder(DeviceCapabilities.self)),
    Case(name: "CtxParams1", bytes: { try hex(ES10bSessionVectors.ctxParams1) }, decode: decoder(CtxParams1.self)),
    Case(name: "CtxParamsForCommonAuthentication",
         bytes: { Array(try hex(ES10bSessionVectors.ctxParams1).enumerated().map { $0.offset == 0 ? 0x30 : $0.element }) },
         decode: decoder(CtxParamsForCommonAuthentication.self)),
    Case(name: "ServerSigned1", bytes: { try hex(ES10bSessionVectors.serverSigned1) }, decode: decoder(ServerSigned1.self)),
    Case(name: "AuthenticateServerRequest", bytes: { try hex(ES10bSessionVectors.authenticateServerRequest) },
         decode: decoder(AuthenticateServerRequest.self)),
    Case(name: "AuthenticateServerResponse", bytes: { try hex(ES10bSessionVectors.authenticateServerResponse) },
         decode: decoder(AuthenticateServerResponse.self)),
    Case(name: "AuthenticateResponseOk", bytes: { try authenticateResponseOk().derEncoded() },
         decode: decoder(AuthenticateResponseOk.self)),
    Case(name: "EuiccSigned1", bytes: { try hex(ES10bSessionVectors.euiccSigned1) }, decode: decoder(EuiccSigned1.self)),
    Case(name: "AuthenticateResponseError", bytes: { try hex("3015 8010 \(transactionId) 020106") },
         decode: decoder(AuthenticateResponseError.self)),
    Case(name: "PrepareDownloadRequest", bytes: { try hex(ES10bSessionVectors.prepareDownloadRequest) },
         decode: decoder(PrepareDownloadRequest.self)),
    Case(name: "SmdpSigned2", bytes: { try hex(ES10bSessionVectors.smdpSigned2) }, decode: decoder(SmdpSigned2.self)),
    Case(name: "PrepareDownloadResponse", bytes: { try hex(ES10bSessionVectors.prepareDownloadResponse) },
         decode: decoder(PrepareDownloadResponse.self)),
    Case(name: "PrepareDownloadResponseOk", bytes: { try prepareDownloadResponseOk().derEncoded() },
         decode: decoder(PrepareDownloadResponseOk.self)),
    Case(name: "EUICCSigned2", bytes: { try prepareDownloadResponseOk().euiccSigned2.derBytes },
         decode: decoder(EUICCSigned2.self)),
    Case(name: "PrepareDownloadResponseError", bytes: { try hex("3015 8010 \(transactionId) 020105") },
         decode: decoder(PrepareDownloadResponseError.self)),
    Case(name: "CancelSessionRequest", bytes: { try hex("bf4115 8010 \(transactionId) 810101") },
         decode: decoder(CancelSessionRequest.self)),
    Case(name: "CancelSessionResponse", bytes: { try hex("bf4103 810105") }, decode: decoder(CancelSessionResponse.self)),
    Case(name: "CancelSessionResponseOk",
         bytes: { try hex("305f 301a 8010 \(transactionId) 810388370a 820100 5f3740" + String(repeating: "11", count: 64)) },
         decode: decoder(CancelSessionResponseOk.self)),
    Case(name: "EuiccCancelSessionSigned", bytes: { try hex("301a 8010 \(transactionId) 810388370a 820100") },
         decode: decoder(EuiccCancelSessionSigned.self)),
    Case(name: "LoadCRLRequest", bytes: { try hex("bf3517 a015 3003020101 300a06082a8648ce3d040302 03020000") },
         decode: decoder(LoadCRLRequest.self)),
    Case(name: "LoadCRLResponse", bytes: { try hex("bf350e a00c a00a 3003800102 3003800103") },
         decode: decoder(LoadCRLResponse.self)),
    Case(name: "LoadCRLResponseOk", bytes: { try hex("300c a00a 3003800102 3003800103") },
         decode: decoder(LoadCRLResponseOk.self)),
]

@Suite("ES10b messages and truncation")
struct ES10bTruncationTests {
    @Test("every ES10b message decodes from its valid encoding and throws when the last byte is cut off", arguments: cases)
    private func truncated(_ testCase: Case) throws {
        let bytes = try testCase.bytes()
        try testCase.decode(bytes)
        #expect(throws: ASN1Error.self) { try testCase.decode(Array(bytes.dropLast())) }
    }
}
