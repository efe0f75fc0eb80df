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

    /// The SM-DP+ of `pki` (CERT.DPtls, issued for "localhost"), and an LPA trusting `trusted`'s CI.
    static func cost(trusting trusted: RSPPKI, serverName: String = "localhost") throws -> TLSHandshakeCost {
        let pki = try Self.pki.get()
        return try TLSHandshakeCost(
            server: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]), trust: .only([trusted.ci.certificate]),
            serverName: serverName)
    }
}
