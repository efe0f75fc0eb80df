import Foundation
import RSPCrypto
import RSPHTTP
import Testing

@testable import OpenRSPCLI

/// `serve --tls-groups`: the operator's choice of TLS key-exchange groups reaches every listener's
/// TLS options, and a list that names no group, or one twice, stops the command before it starts.
@Suite("openrsp serve --tls-groups")
struct ServeTLSGroupsTests {
    static let pki: Result<RSPPKI, any Error> = Result { try RSPPKI.generate() }

    @Test("the listed groups, in order, are the listeners' groups; without the option, the defaults")
    func groupsReachTheListeners() throws {
        let pki = try Self.pki.get()
        let chosen = try ServeCommand.parse(["--tls-groups", "x25519, P256"])
        let options = chosen.tlsOptions(pki.dpTLS, ci: pki.ci.certificate)
        #expect(options.keyExchangeGroups == [.x25519, .p256])
        #expect(options.chain.count == 1)
        let defaults = try ServeCommand.parse([])
        #expect(defaults.tlsOptions(pki.dsTLS, ci: pki.ci.certificate).keyExchangeGroups == nil)
    }

    @Test("an unknown, empty or repeated group is refused, naming the option", arguments: ["x448", "", "p256,,x25519", "p256,p256"])
    func refused(list: String) {
        do {
            _ = try ServeCommand.parse(["--tls-groups", list])
            Issue.record("--tls-groups \(list) was accepted")
        } catch {
            #expect(ServeCommand.message(for: error).contains("--tls-groups"), "\(error)")
        }
    }
}
