import SwiftASN1
import Testing

import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// Encodes `value`, compares with `expected`, decodes back, and checks that a truncated encoding throws.
private func expectRoundTrip<T: DERImplicitlyTaggable & Equatable>(
    _ value: T, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let der = try hex(expected)
    #expect(try value.derEncoded() == der, sourceLocation: sourceLocation)
    #expect(try T(derBytes: der) == value, sourceLocation: sourceLocation)
    #expect(throws: ASN1Error.self, sourceLocation: sourceLocation) { try T(derBytes: der.dropLast()) }
}

@Suite("ES11 messages")
struct ES11MessageTests {
    @Test("EventEntries tags eventId '80' and rspServerAddress '81'")
    func eventEntries() throws {
        try expectRoundTrip(EventEntries(eventId: "e", rspServerAddress: "a"), "3006 800165 810161")
    }

    @Test("AuthenticateClientResponseEs11 puts AuthenticateClientOkEs11 under 'A0' with the events as 'A1'")
    func authenticateClientOk() throws {
        let ok = AuthenticateClientOkEs11(
            transactionId: [0x01], eventEntries: [EventEntries(eventId: "e", rspServerAddress: "a")])
        try expectRoundTrip(AuthenticateClientResponseEs11.authenticateClientOk(ok), "BF400FA00D800101A1083006800165810161")
        try expectRoundTrip(ok, "300d 800101 a108 3006 800165 810161")
        try expectRoundTrip(AuthenticateClientOkEs11(transactionId: [0x01], eventEntries: []), "3005 800101 a100")
    }

    @Test("AuthenticateClientResponseEs11 error is '81'")
    func authenticateClientError() throws {
        try expectRoundTrip(AuthenticateClientResponseEs11.authenticateClientError(.eventIdUnknown), "bf4003 810106")
        #expect(AuthenticateClientResponseEs11.AuthenticateClientError.invalidTransactionId.rawValue == 7)
    }

    @Test("AuthenticateClientOkEs11 with an empty transactionId is rejected")
    func emptyTransactionId() throws {
        #expect(throws: ASN1Error.self) { try AuthenticateClientOkEs11(derBytes: hex("3004 8000 a100")) }
    }

    @Test("EventEntries without rspServerAddress is rejected")
    func missingAddress() throws {
        #expect(throws: ASN1Error.self) { try EventEntries(derBytes: hex("3003 800165")) }
    }
}
