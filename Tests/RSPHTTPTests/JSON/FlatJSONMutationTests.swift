import Foundation
import RSPCore
import RSPTestSupport
import Testing

@testable import RSPHTTP

/// Random damage to real and encoded bodies: whatever the fast path reads, `JSONDecoder` must read
/// the same way (see `FlatJSONAgreement`).
@Suite("FlatJSON against JSONDecoder on randomly mutated bodies")
struct FlatJSONMutationTests {
    /// Short bodies first, so that most mutations land on structure rather than inside base64.
    static func bases() throws -> [[UInt8]] {
        let pretty = RSPJSON.encoder()
        pretty.outputFormatting.insert(.prettyPrinted)
        let short: [any Encodable] = [
            InitiateAuthenticationRequestBody(euiccChallenge: "AAEC", euiccInfo1: "vyCB", smdpAddress: "smdp.example.com"),
            AuthenticateClientRequestBody(transactionId: "0102", authenticateServerResponse: "vzg+/w=="),
            GetBoundProfilePackageRequestBody(transactionId: "0A", prepareDownloadResponse: nil),
            HandleNotificationRequestBody(pendingNotification: "vzc="),
            CancelSessionRequestBody(transactionId: "FF", cancelSessionResponse: "v0EDgQEB"),
            InitiateAuthenticationResponseBody(
                header: .executedSuccess, transactionId: "01", serverSigned1: "MA==", serverSignature1: "Xzc=",
                euiccCiPKIdToBeUsed: "BBQ=", serverCertificate: "MII="),
            AuthenticateClientResponseBody(header: .executedSuccess, transactionId: "01", profileMetadata: "vyU=", smdpSigned2: "MA=="),
            GetBoundProfilePackageResponseBody(header: .executedSuccess, transactionId: "01", boundProfilePackage: "vzY+"),
            HeaderOnlyResponseBody(header: .executedSuccess),
            HeaderOnlyResponseBody(header: .failed(.malformedRequest)),
        ]
        var bases = try short.map { try RSPJSON.encode($0) }
        bases += try short.map { Array(try pretty.encode($0)) }
        let recorded = [
            RecordedSession.initiateRequest, RecordedSession.initiateResponse, RecordedSession.authenticateResponse,
            RecordedSession.bppRequest, RecordedSession.bppResponse, RecordedSession.notificationRequest,
        ]
        return bases + (try recorded.map { Array(try RecordedSession.data($0)) })
    }

    static let keys = [
        "transactionId", "euiccChallenge", "euiccInfo1", "smdpAddress", "serverSigned1", "boundProfilePackage", "header",
        "unknown", "euiccCiP\u{212A}IdToBeUsed", "",
    ]
    static let values = [
        #""AB""#, #""""#, "5", "-1.5e3", "true", "false", "null", "[]", #"["AB"]"#, "{}", #"{"a":"b"}"#, #""A\/B""#,
        #""\u0041""#, #""é""#, "\"\t\"", #"{"functionExecutionStatus":{"status":"Executed-Success"}}"#,
        #"{"functionExecutionStatus":{"status":"Failed","statusCodeData":{"subjectCode":"8.1","reasonCode":"3.8"}}}"#,
    ]
    static let jsonWhitespace = [" ", "\t", "\n", "\r", "\r\n  "]
    static let whitespace = [" ", "\t", "\n", "\r", "\r\n  ", "\u{0C}", "\u{0B}", "\u{A0}", "\u{2028}"]
    static let escapes = [#"\/"#, #"\u0041"#, #"\""#, #"\\"#, #"\n"#, "\\"]
    static let bytes: [UInt8] = [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF, 0x22, 0x5C, 0x7B, 0x7D, 0x3A, 0x2C, 0x20, 0x41, 0x30, 0x5B]
    static let statuses = ["Failed", "Executed-WithWarning", "Expired", "", "executed-success", "Executed-Success "]

    @Test("inserted whitespace, escapes, duplicate keys, wrong value types, truncations, unknown keys, null", arguments: 0..<8)
    func mutations(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        let bases = try Self.bases()
        var taken = 0
        var leftToDecoder = 0
        for round in 0..<60 {
            // Recorded bodies one time in four: they are long, and mostly base64.
            let base = random.next() % 4 == 0 ? bases[20 + random.below(bases.count - 20)] : bases[random.below(20)]
            var body = base
            for _ in 0...random.below(3) { body = Self.mutate(body, &random) }
            let note = "seed \(seed), round \(round): \(String(decoding: body.prefix(400), as: UTF8.self))"
            let result = FlatJSONAgreement.everyBody(Data(body), note)
            if result.bodies > 0 { taken += 1 } else { leftToDecoder += 1 }
        }
        // Both paths are exercised, or this test proves nothing.
        #expect(taken > 10)
        #expect(leftToDecoder > 10)
    }

    private static func mutate(_ body: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var body = body
        // Half the time next to a quote, brace, colon or comma, where the grammar is.
        let structure = body.indices.filter { [0x22, 0x7B, 0x7D, 0x3A, 0x2C].contains(body[$0]) }
        let position = random.next() % 2 == 0 && !structure.isEmpty
            ? min(body.count, structure[random.below(structure.count)] + random.below(2)) : random.below(body.count + 1)
        let afterBrace = (body.firstIndex(of: 0x7B) ?? -1) + 1
        func member(_ key: String, _ value: String) -> [UInt8] { Array(#""\#(key)":\#(value),"#.utf8) }
        // JSON's own whitespace and unknown string members most often: they keep the fast path, so
        // that its values, not only its refusals, are compared.
        switch random.next() % 14 {
        case 10, 11: body.insert(contentsOf: Array(random.pick(jsonWhitespace).utf8), at: position)
        case 12: body.insert(contentsOf: member("x\(random.below(100))", #""A+/=""#), at: afterBrace)
        case 13: body.insert(contentsOf: Array(random.pick(jsonWhitespace).utf8), at: random.pick([0, afterBrace, body.count]))
        case 0: body.insert(contentsOf: Array(random.pick(whitespace).utf8), at: position)
        case 1: body.insert(contentsOf: Array(random.pick(escapes).utf8), at: position)
        case 2: body.insert(contentsOf: member(random.pick(keys), #""AB""#), at: afterBrace)
        case 3: body.insert(contentsOf: member(random.pick(keys), random.pick(values)), at: afterBrace)
        case 4: body.removeSubrange(position...)
        case 5 where position < body.count: body[position] = random.pick(bytes)
        case 6 where position < body.count: body.remove(at: position)
        case 7: body = Array(random.pick(["null", "[]", "\"\"", "5", "{\"a\":{\"b\":\"c\"}}"] + values).utf8)
        case 8:
            let text = String(decoding: body, as: UTF8.self)
            body = Array(text.replacingOccurrences(of: "Executed-Success", with: random.pick(statuses)).utf8)
        default: body.insert(contentsOf: Array(random.pick([" ", "\n", "x", "}", ",", "{}", "\u{0}"]).utf8), at: body.count)
        }
        return body
    }
}
