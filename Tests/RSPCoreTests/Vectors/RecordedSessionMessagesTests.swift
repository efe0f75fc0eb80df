import Foundation
import RSPCore
import RSPTestSupport
import SwiftASN1
import Testing

/// Known-answer tests over a session recorded between two programs written by someone else
/// (osmocom pySim's SM-DP+ and ES9+ client): every DER field of every ES9+ message must
/// decode into our types and re-encode byte for byte.
@Suite("Recorded pySim session: every message decodes and re-encodes byte for byte")
struct RecordedSessionMessagesTests {
    static let bodies = [
        "messages/01-initiateAuthentication.req.json", "messages/01-initiateAuthentication.resp.json",
        "messages/02-authenticateClient.req.json", "messages/02-authenticateClient.resp.json",
        "messages/03-getBoundProfilePackage.req.json", "messages/03-getBoundProfilePackage.resp.json",
        "messages/04-handleNotification.req.json",
    ]

    @Test("each base64 DER field round-trips through its SGP.22 type", arguments: bodies)
    func roundTrip(body: String) throws {
        let object = try Vectors.json(body)
        var checked = 0
        for (field, typeName) in MessageCatalogue.jsonFields {
            guard let base64 = object[field] as? String else { continue }
            let der = try #require(Data(base64Encoded: base64).map(Array.init), "\(field) is not base64")
            let entry = try #require(MessageCatalogue.entry(named: typeName), "no catalogue entry \(typeName)")
            let value = try entry.decode(der)
            #expect(try value.derEncoded() == der, "\(body) \(field) does not re-encode identically")
            checked += 1
        }
        #expect(checked > 0, "no DER field found in \(body)")
    }

    @Test("the recorded BoundProfilePackage (bpp.der) round-trips and has the recorded structure")
    func boundProfilePackage() throws {
        let der = try Vectors.bytes("bpp.der")
        let bpp = try BoundProfilePackage(derBytes: der)
        #expect(try bpp.derEncoded() == der)
        #expect(bpp.firstSequenceOf87.count == 1)
        #expect(bpp.sequenceOf88.count == 1)
        #expect(bpp.secondSequenceOf87?.count == 1)
        #expect(bpp.sequenceOf86.count == 13)
        #expect(bpp.initialiseSecureChannelRequest.transactionId.hex == "A136211522C14BB6BC73A8B4B67B8F30")
        #expect(try Vectors.base64Field("boundProfilePackage", of: "messages/03-getBoundProfilePackage.resp.json") == der)
    }

    @Test("the decrypted BPP parts (ConfigureISDP, StoreMetadata) round-trip")
    func plaintextParts() throws {
        let configure = try Vectors.bytes("bpp-plaintext/configureISDPRequest.der")
        #expect(try ConfigureISDPRequest(derBytes: configure).derEncoded() == configure)
        let metadata = try Vectors.bytes("bpp-plaintext/storeMetadataRequest.der")
        let decoded = try StoreMetadataRequest(derBytes: metadata)
        #expect(try decoded.derEncoded() == metadata)
        #expect(decoded.iccid.paddedDigits == "8949449999999990171F")
    }

    @Test("tag-based detection names the right structure for each recorded field")
    func detection() throws {
        let cases: [(String, String, String)] = [
            ("messages/01-initiateAuthentication.req.json", "euiccInfo1", "EUICCInfo1"),
            ("messages/01-initiateAuthentication.resp.json", "serverSigned1", "ServerSigned1"),
            ("messages/02-authenticateClient.req.json", "authenticateServerResponse", "AuthenticateServerResponse"),
            ("messages/02-authenticateClient.resp.json", "smdpSigned2", "SmdpSigned2"),
            ("messages/02-authenticateClient.resp.json", "profileMetadata", "StoreMetadataRequest"),
            ("messages/03-getBoundProfilePackage.req.json", "prepareDownloadResponse", "PrepareDownloadResponse"),
            ("messages/04-handleNotification.req.json", "pendingNotification", "ProfileInstallationResult"),
        ]
        for (body, field, expected) in cases {
            let (name, _) = try MessageCatalogue.decode(try Vectors.base64Field(field, of: body))
            #expect(name == expected, "\(body) \(field)")
        }
    }

    @Test("every truncation of every recorded message is a decode error, never a crash")
    func truncations() throws {
        for body in Self.bodies {
            let object = try Vectors.json(body)
            for (field, typeName) in MessageCatalogue.jsonFields where typeName != "Certificate" {
                guard let base64 = object[field] as? String, let data = Data(base64Encoded: base64) else { continue }
                let der = Array(data)
                let entry = try #require(MessageCatalogue.entry(named: typeName))
                for cut in stride(from: 1, to: der.count, by: max(1, der.count / 97)) {
                    #expect(throws: (any Error).self, "\(field) cut at \(cut)") { try entry.decode(Array(der[..<cut])) }
                }
                #expect(throws: (any Error).self) { try entry.decode(der + [0x00]) }
            }
        }
    }
}
