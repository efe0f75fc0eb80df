import Foundation
import RSPCore
import RSPHTTP
import Testing

/// What each ES2+ request body refuses, and with which SGP.22 code.
@Suite("ES2+ request bodies")
struct ES2PlusBodiesTests {
    static let header = #""header":{"functionRequesterIdentifier":"OP","functionCallIdentifier":"1"}"#
    static let iccid = FakeES2PlusService.iccid
    static let eid = FakeES2PlusService.eid

    static func failure<Body: ES2PlusRequestBody>(
        _ type: Body.Type, _ json: String, _ message: (Body) throws -> Void
    ) -> StatusCode? {
        do {
            let body = try RSPJSON.decodeRequest(type, from: Data(json.utf8))
            _ = try body.caller(certificateFingerprint: [])
            try message(body)
            return nil
        } catch {
            return error as? StatusCode
        }
    }

    @Test("a missing header, or a header without one of its fields, is a missing mandatory element (1.1/2.2)", arguments: [
        #"{"iccid":"\#(iccid)"}"#,
        #"{"header":{"functionCallIdentifier":"1"},"iccid":"\#(iccid)"}"#,
        #"{"header":{"functionRequesterIdentifier":"OP"},"iccid":"\#(iccid)"}"#,
    ])
    func missingHeader(json: String) {
        let code = Self.failure(ReleaseProfileRequestBody.self, json) { _ = try $0.message() }
        #expect(code?.subjectCode == .functionRequester)
        #expect(code?.reasonCode == .mandatoryElementMissing)
    }

    @Test("an empty requester or call identifier is invalid (1.1/2.1)")
    func emptyHeader() {
        let code = Self.failure(
            ReleaseProfileRequestBody.self,
            #"{"header":{"functionRequesterIdentifier":"","functionCallIdentifier":"1"},"iccid":"\#(Self.iccid)"}"#
        ) { _ = try $0.message() }
        #expect(code?.reasonCode == .invalid)
    }

    @Test("missing mandatory fields are 1.1/2.2", arguments: [
        ("downloadOrder", #"{\#(header),"eid":"\#(eid)"}"#),
        ("confirmOrder", #"{\#(header),"releaseFlag":true}"#),
        ("confirmOrder", #"{\#(header),"iccid":"\#(iccid)"}"#),
        ("cancelOrder", #"{\#(header),"iccid":"\#(iccid)"}"#),
        ("cancelOrder", #"{\#(header),"finalProfileStatusIndicator":"Available"}"#),
        ("releaseProfile", #"{\#(header)}"#),
    ])
    func missingField(function: String, json: String) {
        let code = Self.code(function, json)
        #expect(code?.subjectCode == .functionRequester)
        #expect(code?.reasonCode == .mandatoryElementMissing)
    }

    @Test("an invalid ICCID is 8.2.1/2.1 in every function", arguments: [
        ("downloadOrder", #"{\#(header),"iccid":"89494499999"}"#),
        ("confirmOrder", #"{\#(header),"iccid":"8949449999999990171X","releaseFlag":true}"#),
        ("cancelOrder", #"{\#(header),"iccid":"","finalProfileStatusIndicator":"Available"}"#),
        ("releaseProfile", #"{\#(header),"iccid":"894944999999999017123456"}"#),
    ])
    func invalidICCID(function: String, json: String) {
        let code = Self.code(function, json)
        #expect(code?.subjectCode == .profileICCID)
        #expect(code?.reasonCode == .invalid)
    }

    @Test("an invalid EID is 8.1.1/2.1", arguments: [
        ("downloadOrder", #"{\#(header),"eid":"89049032123451234512345678901234","profileType":"T"}"#),
        ("confirmOrder", #"{\#(header),"iccid":"\#(iccid)","eid":"8904","releaseFlag":true}"#),
        ("cancelOrder", #"{\#(header),"iccid":"\#(iccid)","eid":"x","finalProfileStatusIndicator":"Available"}"#),
    ])
    func invalidEID(function: String, json: String) {
        let code = Self.code(function, json)
        #expect(code == StatusCode.eidInvalid.with(message: "eid is not a valid EID (32 digits, check digits)"))
    }

    @Test("wrong values and JSON types are 1.1/2.1", arguments: [
        ("downloadOrder", #"{\#(header),"profileType":""}"#),
        ("confirmOrder", #"{\#(header),"iccid":"\#(iccid)","releaseFlag":"yes"}"#),
        ("cancelOrder", #"{\#(header),"iccid":"\#(iccid)","finalProfileStatusIndicator":"Gone"}"#),
        ("releaseProfile", #"{\#(header),"iccid":8949449999999990171}"#),
        ("releaseProfile", #"["not an object"]"#),
    ])
    func invalidValue(function: String, json: String) {
        let code = Self.code(function, json)
        #expect(code?.subjectCode == .functionRequester)
        #expect(code?.reasonCode == .invalid)
    }

    @Test("ICCIDs are read with or without 'F' padding and without a Luhn check; written padded")
    func iccidForms() throws {
        let padded = try RSPJSON.decodeRequest(
            ReleaseProfileRequestBody.self, from: Data(#"{\#(Self.header),"iccid":"8949449999999990171F"}"#.utf8)).message()
        let plain = try RSPJSON.decodeRequest(
            ReleaseProfileRequestBody.self, from: Data(#"{\#(Self.header),"iccid":"8949449999999990171"}"#.utf8)).message()
        #expect(padded == plain)
        // 8949449999999990172 has a wrong check digit: still an ICCID, the inventory decides.
        let wrongLuhn = try RSPJSON.decodeRequest(
            ReleaseProfileRequestBody.self, from: Data(#"{\#(Self.header),"iccid":"8949449999999990172"}"#.utf8)).message()
        #expect(wrongLuhn.iccid.digits == "8949449999999990172")
        let header = ES2PlusRequestHeader(functionRequesterIdentifier: "OP", functionCallIdentifier: "1")
        #expect(ReleaseProfileRequestBody(plain, header: header).iccid == "8949449999999990171F")
    }

    @Test("the caller joins the header's identifiers with the certificate fingerprint")
    func caller() throws {
        let body = try RSPJSON.decodeRequest(
            ReleaseProfileRequestBody.self, from: Data(#"{\#(Self.header),"iccid":"\#(Self.iccid)"}"#.utf8))
        #expect(try body.caller(certificateFingerprint: [1, 2, 3])
            == ES2PlusCaller(functionRequesterIdentifier: "OP", functionCallIdentifier: "1", certificateFingerprint: [1, 2, 3]))
    }

    static func code(_ function: String, _ json: String) -> StatusCode? {
        switch function {
        case "downloadOrder": failure(DownloadOrderRequestBody.self, json) { _ = try $0.message() }
        case "confirmOrder": failure(ConfirmOrderRequestBody.self, json) { _ = try $0.message() }
        case "cancelOrder": failure(CancelOrderRequestBody.self, json) { _ = try $0.message() }
        default: failure(ReleaseProfileRequestBody.self, json) { _ = try $0.message() }
        }
    }
}
