import HTTPTypes
import RSPCore
import Testing

@testable import RSPHTTP

/// The request header checks take a shortcut for the values every OpenRSP client sends; every
/// value must still get the verdict the full parse gives it.
@Suite("X-Admin-Protocol and Content-Type checks: the shortcut agrees with the full parse")
struct HeaderChecksTests {
    /// The verdict before the shortcut: parse, then compare the major version.
    static func parsedVerdict(_ value: String?) -> StatusCode? {
        guard let value else { return .adminProtocolMissing }
        guard let version = AdminProtocol(headerValue: value.trimmingSpaces) else { return .adminProtocolInvalid }
        return version.major == AdminProtocol.current.major ? nil : .adminProtocolUnsupported
    }

    static func verdict(_ check: () throws(StatusCode) -> Void) -> StatusCode? {
        do {
            try check()
            return nil
        } catch {
            return error
        }
    }

    @Test("X-Admin-Protocol verdicts", arguments: [
        "gsma/rsp/v2.2.2", " gsma/rsp/v2.2.2\t", "gsma/rsp/v2.5.0", "gsma/rsp/v3.0.0", "gsma/rsp/v2.2", "gsma/rsp/v2.2.2.2",
        "GSMA/RSP/V2.2.2", "gsma/rsp/v2.2.x", "", "gsma/rsp/v",
    ])
    func adminProtocol(value: String) {
        #expect(Self.verdict { () throws(StatusCode) in try AdminProtocolMiddleware.checkAdminProtocol(value) } == Self.parsedVerdict(value))
        #expect(Self.verdict { () throws(StatusCode) in try AdminProtocolMiddleware.checkAdminProtocol(nil) } == .adminProtocolMissing)
    }

    @Test("our header value is formatted once and the same as any other version's format")
    func headerValue() {
        #expect(AdminProtocol.currentHeaderValue == "gsma/rsp/v2.2.2")
        #expect(AdminProtocol.current.headerValue == "gsma/rsp/v2.2.2")
        #expect(AdminProtocol(major: 2, minor: 5, revision: 0).headerValue == "gsma/rsp/v2.5.0")
    }

    @Test("Content-Type verdicts", arguments: [
        ("application/json", true), ("Application/JSON", true), ("application/json;charset=UTF-8", true),
        (" application/json ; charset=utf-8", true), ("application/jsonx", false), ("text/plain", false), ("", false),
    ])
    func contentType(value: String, accepted: Bool) {
        let verdict = Self.verdict { () throws(StatusCode) in try AdminProtocolMiddleware.checkContentType(value) }
        #expect(verdict == (accepted ? nil : .invalidContentType))
    }

    @Test("a header read once or repeated reads as HTTPFields' own subscript does")
    func combinedValue() throws {
        let name = try #require(HTTPField.Name("X-Admin-Protocol"))
        var fields = HTTPFields()
        #expect(fields.combinedValue(name) == nil)
        fields.append(HTTPField(name: .contentType, value: "application/json"))
        fields.append(HTTPField(name: name, value: "gsma/rsp/v2.2.2"))
        #expect(fields.combinedValue(name) == "gsma/rsp/v2.2.2")
        #expect(fields.combinedValue(name) == fields[name])
        fields.append(HTTPField(name: name, value: "gsma/rsp/v3.0.0"))
        #expect(fields.combinedValue(name) == "gsma/rsp/v2.2.2, gsma/rsp/v3.0.0")
        #expect(fields.combinedValue(name) == fields[name])
        #expect(fields.combinedValue(.contentType) == fields[.contentType])
    }
}
