import Foundation
import SwiftASN1
import Testing

import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

private let transactionId = "a136211522c14bb6bc73a8b4b67b8f30"
private let serverAddress = "testsmdpplus1.example.com"
private let matchingId = "TS48V5-SAIP2-3-NOBERTLV-UNIQUE"

/// The ctxParams1 the LPA sent in the recorded session, built from values.
private let recordedCtxParams1 = CtxParams1.ctxParamsForCommonAuthentication(
    CtxParamsForCommonAuthentication(
        matchingId: matchingId,
        deviceInfo: DeviceInfo(tac: [0x35, 0x23, 0x01, 0x45], deviceCapabilities: DeviceCapabilities())))

@Suite("ES10b AuthenticateServer messages")
struct ES10bAuthenticationTests {
    @Test("AuthenticateServerResponse from the recorded session decodes and re-encodes byte for byte")
    func recordedResponse() throws {
        let bytes = try hex(ES10bSessionVectors.authenticateServerResponse)
        let response = try AuthenticateServerResponse(derBytes: bytes)
        guard case .authenticateResponseOk(let ok) = response else {
            Issue.record("expected authenticateResponseOk, got \(response)")
            return
        }
        #expect(try ok.euiccSigned1.derBytes == hex(ES10bSessionVectors.euiccSigned1))
        let signed = ok.euiccSigned1.value
        #expect(try signed.transactionId.bytes == hex(transactionId))
        #expect(signed.serverAddress == serverAddress)
        #expect(signed.serverChallenge.hex == "A532D79BEE80796D2C2EB68199271499")
        #expect(try signed.euiccInfo2 == EUICCInfo2(derBytes: hex(ES10bSessionVectors.euiccInfo2)))
        #expect(signed.ctxParams1 == recordedCtxParams1)
        #expect(try [0x5F, 0x37, 0x40] + ok.euiccSignature1.bytes == hex(ES10bSessionVectors.euiccSignature1))
        #expect(try ok.euiccCertificate.derBytes == hex(ES10bSessionVectors.euiccCertificate))
        #expect(try ok.eumCertificate.derBytes == hex(ES10bSessionVectors.eumCertificate))
        #expect(try response.derEncoded() == bytes)
    }

    @Test("CtxParams1 built from values encodes to the recorded 'A0 2A 80 1E … A1 08 80 04 <tac> A1 00'")
    func ctxParams1Tagging() throws {
        let bytes = try hex(ES10bSessionVectors.ctxParams1)
        #expect(try recordedCtxParams1.derEncoded() == bytes)
        #expect(try CtxParams1(derBytes: bytes) == recordedCtxParams1)
    }

    @Test("CtxParams1 without matchingId, with an unknown alternative or truncated")
    func ctxParams1Variants() throws {
        let noMatchingId = CtxParams1.ctxParamsForCommonAuthentication(
            CtxParamsForCommonAuthentication(
                deviceInfo: DeviceInfo(tac: [0x35, 0x23, 0x01, 0x45], deviceCapabilities: DeviceCapabilities())))
        #expect(try noMatchingId.derEncoded() == hex("a00a a108 800435230145 a100"))
        #expect(try CtxParams1(derBytes: hex("a00a a108 800435230145 a100")) == noMatchingId)
        #expect(throws: ASN1Error.self) { try CtxParams1(derBytes: hex("a10a a108 800435230145 a100")) }
        let bytes = try hex(ES10bSessionVectors.ctxParams1)
        #expect(throws: ASN1Error.self) { try CtxParams1(derBytes: bytes.dropLast()) }
    }

    @Test("EuiccSigned1 built from values encodes to the bytes the eUICC signed")
    func euiccSigned1FromValues() throws {
        let bytes = try hex(ES10bSessionVectors.euiccSigned1)
        let value = EuiccSigned1(
            transactionId: OctetString(try hex(transactionId)), serverAddress: serverAddress,
            serverChallenge: OctetString(try hex("a532d79bee80796d2c2eb68199271499")),
            euiccInfo2: try EUICCInfo2(derBytes: hex(ES10bSessionVectors.euiccInfo2)), ctxParams1: recordedCtxParams1)
        #expect(try value.derEncoded() == bytes)
        #expect(try Encoded(value).derBytes == bytes)
        #expect(try EuiccSigned1(derBytes: bytes) == value)
        #expect(throws: ASN1Error.self) { try EuiccSigned1(derBytes: bytes.dropLast()) }
    }

    @Test("ServerSigned1 built from values encodes to the recorded '30 51 80 10 … 81 10 … 83 19 … 84 10 …'")
    func serverSigned1() throws {
        let bytes = try hex(ES10bSessionVectors.serverSigned1)
        let value = ServerSigned1(
            transactionId: OctetString(try hex(transactionId)),
            euiccChallenge: OctetString(try hex("b0001d9157c391902553937d5388dab3")), serverAddress: serverAddress,
            serverChallenge: OctetString(try hex("a532d79bee80796d2c2eb68199271499")))
        #expect(try value.derEncoded() == bytes)
        #expect(try ServerSigned1(derBytes: bytes) == value)
    }

    @Test("ServerSigned1 with a 15-byte euiccChallenge, a 17-byte transactionId or a truncated encoding throws")
    func serverSigned1Malformed() throws {
        let bytes = try hex(ES10bSessionVectors.serverSigned1)
        #expect(throws: ASN1Error.self) { try ServerSigned1(derBytes: bytes.dropLast()) }
        let shortChallenge = ES10bSessionVectors.serverSigned1
            .replacingOccurrences(of: "30518010", with: "30508010")
            .replacingOccurrences(of: "8110b0001d9157c391902553937d5388dab3", with: "810fb0001d9157c391902553937d5388da")
        #expect(throws: ASN1Error.self) { try ServerSigned1(derBytes: hex(shortChallenge)) }
        let longTransactionId = ES10bSessionVectors.serverSigned1
            .replacingOccurrences(of: "30518010" + transactionId, with: "30528011" + transactionId + "00")
        #expect(throws: ASN1Error.self) { try ServerSigned1(derBytes: hex(longTransactionId)) }
    }

    @Test("a ServerSigned1 with a field unknown to this build ([6]) decodes and keeps the signed bytes")
    func serverSigned1Extension() throws {
        let plain = try ServerSigned1(derBytes: hex(ES10bSessionVectors.serverSigned1))
        let extended = try hex(
            ES10bSessionVectors.serverSigned1.replacingOccurrences(of: "30518010", with: "30548010") + "860100")
        let encoded = try Encoded<ServerSigned1>(derBytes: extended)
        #expect(encoded.value == plain)
        #expect(encoded.derBytes == extended)
        #expect(try encoded.derEncoded() == extended)
    }

    @Test("AuthenticateServerRequest built from the recorded parts matches the LPA's 'BF38' and decodes back")
    func authenticateServerRequest() throws {
        let bytes = try hex(ES10bSessionVectors.authenticateServerRequest)
        let signature = try hex(ES10bSessionVectors.serverSignature1)
        let request = AuthenticateServerRequest(
            serverSigned1: try Encoded(ServerSigned1(derBytes: hex(ES10bSessionVectors.serverSigned1))),
            serverSignature1: OctetString(signature.dropFirst(3)),
            euiccCiPKIdToBeUsed: OctetString(try hex("304bc5acc1acdf54b40e17bd46e61d264e2dcb26")),
            serverCertificate: try CertificateDER(derBytes: hex(ES10bSessionVectors.serverCertificate)),
            ctxParams1: recordedCtxParams1)
        #expect(try request.derEncoded() == bytes)
        let decoded = try AuthenticateServerRequest(derBytes: bytes)
        #expect(decoded == request)
        #expect(try decoded.serverSigned1.derBytes == hex(ES10bSessionVectors.serverSigned1))
        #expect(throws: ASN1Error.self) { try AuthenticateServerRequest(derBytes: bytes.dropLast()) }
    }

    @Test("AuthenticateServerRequest without ctxParams1 throws")
    func authenticateServerRequestMissingCtx() throws {
        let ctxLength = ES10bSessionVectors.ctxParams1.count / 2
        var bytes = try hex(ES10bSessionVectors.authenticateServerRequest)
        bytes.removeLast(ctxLength)
        // Fix the two-byte length of 'BF38 82 xx xx'.
        let length = bytes.count - 5
        bytes[3] = UInt8(length >> 8)
        bytes[4] = UInt8(length & 0xFF)
        #expect(throws: ASN1Error.self) { try AuthenticateServerRequest(derBytes: bytes) }
    }

    @Test("AuthenticateServerResponse error alternative is 'BF38 A1 { 80 <txid> 02 <code> }'")
    func authenticateResponseError() throws {
        let expected = try hex("bf3817 a115 8010 \(transactionId) 020106")
        let response = AuthenticateServerResponse.authenticateResponseError(
            AuthenticateResponseError(
                transactionId: OctetString(try hex(transactionId)), authenticateErrorCode: .euiccChallengeMismatch))
        #expect(try response.derEncoded() == expected)
        #expect(try AuthenticateServerResponse(derBytes: expected) == response)
        #expect(AuthenticateErrorCode.euiccChallengeMismatch.description == "euiccChallengeMismatch(6)")
        // A code from a newer eUICC still decodes.
        let unknown = try AuthenticateServerResponse(derBytes: hex("bf3817 a115 8010 \(transactionId) 020108"))
        #expect(unknown == .authenticateResponseError(
            AuthenticateResponseError(transactionId: OctetString(try hex(transactionId)), authenticateErrorCode: .init(rawValue: 8))))
    }

    @Test("AuthenticateServerResponse truncated, with an unknown alternative or not explicitly tagged throws")
    func authenticateServerResponseMalformed() throws {
        let bytes = try hex(ES10bSessionVectors.authenticateServerResponse)
        #expect(throws: ASN1Error.self) { try AuthenticateServerResponse(derBytes: bytes.dropLast()) }
        #expect(throws: ASN1Error.self) { try AuthenticateServerResponse(derBytes: hex("bf3802 a200")) }
        #expect(throws: ASN1Error.self) { try AuthenticateServerResponse(derBytes: hex("bf3815 8010 \(transactionId) 020106")) }
        #expect(throws: ASN1Error.self) { try AuthenticateResponseError(derBytes: hex("3015 8010 \(transactionId) 0201")) }
    }

    @Test("DeviceInfo with imei and capabilities tags them [0] '80', [1] 'A1', [2] '82' and round-trips")
    func deviceInfo() throws {
        let value = DeviceInfo(
            tac: [0x35, 0x29, 0x06, 0x11],
            deviceCapabilities: DeviceCapabilities(
                gsmSupportedRelease: [0x0D, 0x00, 0x00], eutranSupportedRelease: [0x0F, 0x00, 0x00],
                rspCrlSupportedVersion: [0x02, 0x02, 0x00]),
            imei: [0x35, 0x29, 0x06, 0x11, 0x12, 0x34, 0x56, 0x7F])
        let expected = try hex("3021 800435290611 a10f 80030d0000 85030f0000 8703020200 8208352906111234567f")
        #expect(try value.derEncoded() == expected)
        #expect(try DeviceInfo(derBytes: expected) == value)
        #expect(throws: ASN1Error.self) { try DeviceInfo(derBytes: expected.dropLast()) }
        // A 2-byte release is not a VersionType.
        #expect(throws: ASN1Error.self) { try DeviceCapabilities(derBytes: hex("3004 80020d00")) }
    }

    @Test("the recorded AuthenticateServerResponse renders as JSON with the spec's names")
    func json() throws {
        let response = try AuthenticateServerResponse(derBytes: hex(ES10bSessionVectors.authenticateServerResponse))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(response), as: UTF8.self)
        #expect(text.contains(#""authenticateResponseOk":{"#))
        #expect(text.contains(#""ctxParams1":{"ctxParamsForCommonAuthentication":{"#))
        #expect(text.contains(#""matchingId":"TS48V5-SAIP2-3-NOBERTLV-UNIQUE""#))
        #expect(text.contains(#""sasAcreditationNumber":"OSMOCOM-TEST-1""#))
        #expect(text.contains(#""transactionId":"A136211522C14BB6BC73A8B4B67B8F30""#))
    }
}
