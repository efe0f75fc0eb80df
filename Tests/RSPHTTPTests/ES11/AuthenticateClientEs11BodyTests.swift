import Foundation
import RSPCore
import RSPHTTP
import Testing

@Suite("ES11.AuthenticateClient response body")
struct AuthenticateClientEs11BodyTests {
    static let ok = AuthenticateClientOkEs11(
        transactionId: OctetString([0x01, 0x02, 0xAB]),
        eventEntries: [EventEntries(eventId: "E1", rspServerAddress: "smdp.example.com")])

    @Test("the body encodes eventEntries as an array of {eventId, rspServerAddress} and decodes back to the message")
    func roundTrip() throws {
        let data = try RSPJSON.encoder().encode(AuthenticateClientEs11ResponseBody(Self.ok))
        let object = try RecordedSession.object(data)
        #expect(object["transactionId"] as? String == "0102AB")
        let entries = try #require(object["eventEntries"] as? [[String: String]])
        #expect(entries == [["eventId": "E1", "rspServerAddress": "smdp.example.com"]])
        let decoded = try RSPJSON.decoder().decode(AuthenticateClientEs11ResponseBody.self, from: data)
        #expect(try decoded.message() == Self.ok)
        #expect(decoded.header.functionExecutionStatus.status == .executedSuccess)
    }

    @Test("an empty event list is valid: no events are waiting for this eUICC")
    func emptyList() throws {
        let ok = AuthenticateClientOkEs11(transactionId: OctetString([0x01]), eventEntries: [])
        let data = try RSPJSON.encoder().encode(AuthenticateClientEs11ResponseBody(ok))
        #expect(try RSPJSON.decoder().decode(AuthenticateClientEs11ResponseBody.self, from: data).message() == ok)
    }

    @Test("a missing eventEntries list, event field or transactionId is a missing mandatory element", arguments: [
        #"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}},"transactionId":"01"}"#,
        #"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}},"transactionId":"01","eventEntries":[{"eventId":"E"}]}"#,
        #"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}},"transactionId":"01","eventEntries":[{"rspServerAddress":"a"}]}"#,
        #"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}},"eventEntries":[]}"#,
    ])
    func missingElement(json: String) throws {
        let body = try RSPJSON.decoder().decode(AuthenticateClientEs11ResponseBody.self, from: Data(json.utf8))
        let error = #expect(throws: StatusCode.self) { try body.message() }
        #expect(error?.reasonCode == .mandatoryElementMissing)
        #expect(error?.subjectCode == .functionRequester)
    }

    @Test("a transactionId that is not hexadecimal is invalid")
    func invalidTransactionId() throws {
        let json = #"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}},"transactionId":"zz","eventEntries":[]}"#
        let body = try RSPJSON.decoder().decode(AuthenticateClientEs11ResponseBody.self, from: Data(json.utf8))
        let error = #expect(throws: StatusCode.self) { try body.message() }
        #expect(error?.reasonCode == .invalid)
    }
}
