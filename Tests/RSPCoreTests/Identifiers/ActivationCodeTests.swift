import RSPCore
import Testing

@Suite("Activation code (SGP.22 §4.1)")
struct ActivationCodeTests {
    @Test("a QR code with address and token parses, and prints back canonically")
    func minimal() throws {
        let code = try ActivationCode(parsing: "LPA:1$testsmdpplus1.example.com$TS48V5-SAIP2-3-NOBERTLV-UNIQUE")
        #expect(code.smdpAddress == "testsmdpplus1.example.com")
        #expect(code.matchingID == "TS48V5-SAIP2-3-NOBERTLV-UNIQUE")
        #expect(code.smdpOID == nil)
        #expect(code.confirmationCodeRequired == false)
        #expect(code.description == "LPA:1$testsmdpplus1.example.com$TS48V5-SAIP2-3-NOBERTLV-UNIQUE")
    }

    @Test("the OID field may be empty when the confirmation-code flag follows")
    func emptyOID() throws {
        let code = try ActivationCode(parsing: "LPA:1$smdp.example.com$ABC-123$$1")
        #expect(code.smdpOID == nil)
        #expect(code.confirmationCodeRequired)
        #expect(code.description == "LPA:1$smdp.example.com$ABC-123$$1")
    }

    @Test("OID and flag are read; the LPA: prefix is optional")
    func full() throws {
        let code = try ActivationCode(parsing: "1$smdp.example.com$04386-AGYFT-A74Y8-3F815$1.3.6.1.4.1.31746$0")
        #expect(code.smdpOID == "1.3.6.1.4.1.31746")
        #expect(!code.confirmationCodeRequired)
        #expect(try ActivationCode(parsing: code.description) == code)
    }

    @Test("an SM-DP+ address may name a port (OpenRSP extension for servers not on 443)")
    func port() throws {
        #expect(try ActivationCode(parsing: "LPA:1$localhost:8443$ABC").smdpAddress == "localhost:8443")
        #expect(throws: IdentifierError.self) { try ActivationCode(parsing: "LPA:1$localhost:0$ABC") }
        #expect(throws: IdentifierError.self) { try ActivationCode(parsing: "LPA:1$localhost:99999$ABC") }
        #expect(throws: IdentifierError.self) { try ActivationCode(parsing: "LPA:1$a:1:2$ABC") }
    }

    @Test("malformed activation codes are rejected", arguments: [
        "", "LPA:", "LPA:1", "LPA:1$host", "LPA:2$host$token", "LPA:1$$token", "LPA:1$host$",
        "LPA:1$bad host$token", "LPA:1$host$tok$en", "LPA:1$host$token$not-an-oid", "LPA:1$host$token$$2",
        "LPA:1$host$token$1.2$1$extra",
    ])
    func malformed(text: String) {
        #expect(throws: IdentifierError.self) { try ActivationCode(parsing: text) }
    }
}
