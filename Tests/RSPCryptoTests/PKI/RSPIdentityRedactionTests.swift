import Crypto
import Foundation
import RSPCrypto
import Testing

@Suite("Secrets stay out of logs")
struct RSPIdentityRedactionTests {
    @Test("an identity's description, debug description and dump show no private key bytes")
    func identityIsRedacted() throws {
        let pki = try RSPPKI.generate()
        let identity = pki.dpAuth
        let keyHex = identity.privateKey.rawRepresentation.map { String(format: "%02x", $0) }.joined()
        var dumped = ""
        dump(identity, to: &dumped)
        for text in [identity.description, identity.debugDescription, String(describing: identity), String(reflecting: identity), dumped] {
            #expect(!text.lowercased().contains(keyHex))
            #expect(!text.contains("rawRepresentation"))
        }
        #expect(identity.description.contains("redacted"))
    }
}
