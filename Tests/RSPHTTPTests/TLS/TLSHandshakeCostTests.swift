import RSPCrypto
import RSPHTTP
import Testing

/// The in-memory handshake `openrsp bench` prices must be the one an LPA makes with the SM-DP+:
/// with its checks, so that a handshake that would fail on the network fails here too.
@Suite("TLS handshake cost")
struct TLSHandshakeCostTests {
    static let pki: Result<RSPPKI, any Error> = Result { try RSPPKI.generate() }
    static let otherPKI: Result<RSPPKI, any Error> = Result { try RSPPKI.generate() }

    @Test("an LPA trusting the CI completes the handshake with CERT.DPtls, again and again")
    func completes() throws {
        let cost = try Self.cost(trusting: try Self.pki.get())
        for _ in 0..<3 { try cost.handshake() }
    }

    @Test("an LPA trusting another CI refuses the server's chain")
    func untrustedChain() throws {
        let cost = try Self.cost(trusting: try Self.otherPKI.get())
        #expect(throws: (any Error).self) { try cost.handshake() }
    }

    @Test("a server name CERT.DPtls does not carry is refused")
    func wrongName() throws {
        let cost = try Self.cost(trusting: try Self.pki.get(), serverName: "smdp.example.org")
        #expect(throws: (any Error).self) { try cost.handshake() }
    }

    /// The groups an operator chose are the only ones the listener accepts; the client's
    /// preference picks among them.
    @Test("a listener limited to some key-exchange groups serves a default LPA, and refuses a client with none of them",
          arguments: [
            ([TLSKeyExchangeGroup.x25519], [TLSKeyExchangeGroup]?.none, true),
            ([.p256], nil, true),  // the LPA sent no P-256 share: the server asks for one (HelloRetryRequest)
            ([.x25519MLKEM768, .x25519], [.x25519], true),
            ([.p256], [.x25519], false),
            ([.x25519], [.x25519MLKEM768, .p256, .p384], false),
          ])
    func keyExchangeGroups(server: [TLSKeyExchangeGroup], client: [TLSKeyExchangeGroup]?, shared: Bool) throws {
        let cost = try Self.cost(trusting: try Self.pki.get(), serverGroups: server, clientGroups: client)
        if shared {
            try cost.handshake()
        } else {
            #expect(throws: (any Error).self) { try cost.handshake() }
        }
    }

    @Test("group lists: names in any case, in order; an unknown or repeated name is refused, naming it")
    func groupLists() throws {
        #expect(try TLSKeyExchangeGroup.list("X25519, p256") == [.x25519, .p256])
        #expect(try TLSKeyExchangeGroup.list("x25519mlkem768,x25519,p256,p384") == TLSKeyExchangeGroup.allCases)
        for bad in ["", "x25519,", "x448", "p256,P256"] {
            #expect(throws: TLSKeyExchangeGroup.UnknownName.self) { try TLSKeyExchangeGroup.list(bad) }
        }
        #expect(throws: TLSKeyExchangeGroup.UnknownName.self) {
            do { _ = try TLSKeyExchangeGroup.list("x448") } catch {
                #expect("\(error)".contains("\"x448\"") && "\(error)".contains("x25519mlkem768"))  // names it, and the known ones
                throw error
            }
        }
    }

    /// The SM-DP+ of `pki` (CERT.DPtls, issued for "localhost"), and an LPA trusting `trusted`'s CI.
    static func cost(
        trusting trusted: RSPPKI, serverName: String = "localhost", serverGroups: [TLSKeyExchangeGroup]? = nil,
        clientGroups: [TLSKeyExchangeGroup]? = nil
    ) throws -> TLSHandshakeCost {
        let pki = try Self.pki.get()
        return try TLSHandshakeCost(
            server: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate], keyExchangeGroups: serverGroups),
            trust: .only([trusted.ci.certificate]), serverName: serverName, clientGroups: clientGroups)
    }
}
