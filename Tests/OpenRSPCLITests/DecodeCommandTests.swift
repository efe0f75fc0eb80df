import Foundation
import RSPTestSupport
import Testing

@testable import OpenRSPCLI

@Suite("openrsp decode")
struct DecodeCommandTests {
    @Test("every file of the recorded session's messages/ and bpp.der renders as JSON")
    func everyRecordedFile() throws {
        let names = try Vectors.files(in: "messages").map { "messages/" + $0 } + ["bpp.der", "bpp-plaintext/upp.der"]
        #expect(names.count >= 20)
        for name in names {
            let tree = try MessageRenderer().render(try Vectors.bytes(name))
            let json = try MessageRenderer.json(tree)
            #expect(try JSONSerialization.jsonObject(with: json) is [String: Any], "\(name)")
        }
    }

    @Test("base64 fields of an ES9+ body become typed structures")
    func es9Body() throws {
        let tree = try MessageRenderer().render(try Vectors.bytes("messages/02-authenticateClient.req.json"))
        let object = try #require(tree as? [String: Any])
        let field = try #require(object["authenticateServerResponse"] as? [String: Any])
        #expect(field["type"] as? String == "AuthenticateServerResponse")
        let json = String(decoding: try MessageRenderer.json(tree), as: UTF8.self)
        #expect(json.contains("\"matchingId\" : \"TS48V5-SAIP2-3-NOBERTLV-UNIQUE\""))
        #expect(json.contains("89049032123451234512345678901235"))   // the eUICC certificate's subject
    }

    @Test("hex and base64 text decode like DER; --type forces a structure")
    func textForms() throws {
        let der = try Vectors.base64Field("euiccInfo1", of: "messages/01-initiateAuthentication.req.json")
        let hex = Array(der.map { String(format: "%02x", $0) }.joined().utf8)
        let fromHex = try #require(try MessageRenderer().render(hex) as? [String: Any])
        #expect(fromHex["type"] as? String == "EUICCInfo1")
        let base64 = Array(Data(der).base64EncodedString().utf8)
        let fromBase64 = try #require(try MessageRenderer().render(base64) as? [String: Any])
        #expect(fromBase64["type"] as? String == "EUICCInfo1")
        #expect(throws: (any Error).self) { try MessageRenderer(typeName: "EUICCInfo2").render(der) }
        #expect(throws: MessageRenderer.Failure.self) { try MessageRenderer(typeName: "NoSuchThing").render(der) }
    }

    @Test("garbage is an error, not a crash")
    func garbage() {
        #expect(throws: (any Error).self) { try MessageRenderer().render([0xBF, 0x38, 0x82, 0xFF]) }
        #expect(throws: (any Error).self) { try MessageRenderer().render([0x30, 0x03, 0x02, 0x01]) }
    }
}
