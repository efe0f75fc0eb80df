import Foundation
import RSPCore
import RSPHTTP
import Testing

@Suite("ES12 request bodies")
struct ES12BodiesTests {
    static let eid = "89049032123451234512345678901235"

    @Test("RegisterEvent and DeleteEvent bodies round trip through JSON")
    func roundTrip() throws {
        let register = RegisterEventRequest(
            eid: try EID(digits: Self.eid), rspServerAddress: "smdp.example.com", eventId: "EVT-1", forwardingIndicator: true)
        let data = try RSPJSON.encoder().encode(RegisterEventRequestBody(register))
        let object = try RecordedSession.object(data)
        #expect(object["eid"] as? String == Self.eid)
        #expect(object["forwardingIndicator"] as? Bool == true)
        #expect(try RSPJSON.decoder().decode(RegisterEventRequestBody.self, from: data).message() == register)
        let delete = DeleteEventRequest(eventId: "EVT-1")
        let deleteData = try RSPJSON.encoder().encode(DeleteEventRequestBody(delete))
        #expect(try RSPJSON.decoder().decode(DeleteEventRequestBody.self, from: deleteData).message() == delete)
    }

    @Test("RegisterEvent with a missing field is a missing mandatory element", arguments: [
        #"{"rspServerAddress":"a","eventId":"e","forwardingIndicator":false}"#,
        #"{"eid":"89049032123451234512345678901235","eventId":"e","forwardingIndicator":false}"#,
        #"{"eid":"89049032123451234512345678901235","rspServerAddress":"a","forwardingIndicator":false}"#,
        #"{"eid":"89049032123451234512345678901235","rspServerAddress":"a","eventId":"e"}"#,
    ])
    func missing(json: String) throws {
        let body = try RSPJSON.decoder().decode(RegisterEventRequestBody.self, from: Data(json.utf8))
        let error = #expect(throws: StatusCode.self) { try body.message() }
        #expect(error?.reasonCode == .mandatoryElementMissing)
    }

    @Test("RegisterEvent with wrong EID check digits or an empty event id is invalid", arguments: [
        #"{"eid":"89049032123451234512345678901234","rspServerAddress":"a","eventId":"e","forwardingIndicator":false}"#,
        #"{"eid":"8904903212345","rspServerAddress":"a","eventId":"e","forwardingIndicator":false}"#,
        #"{"eid":"89049032123451234512345678901235","rspServerAddress":"a","eventId":"","forwardingIndicator":false}"#,
    ])
    func invalid(json: String) throws {
        let body = try RSPJSON.decoder().decode(RegisterEventRequestBody.self, from: Data(json.utf8))
        let error = #expect(throws: StatusCode.self) { try body.message() }
        #expect(error?.reasonCode == .invalid)
    }

    @Test("DeleteEvent without an event id is refused")
    func deleteMissing() throws {
        let body = try RSPJSON.decoder().decode(DeleteEventRequestBody.self, from: Data("{}".utf8))
        let error = #expect(throws: StatusCode.self) { try body.message() }
        #expect(error?.reasonCode == .mandatoryElementMissing)
    }
}
