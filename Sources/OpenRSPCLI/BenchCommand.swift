import ArgumentParser
import Crypto
import Foundation
import ProfilePackage
import RSPCore
import RSPCrypto
import X509

/// Measures the cryptographic work of one profile download, operation by operation, and the
/// ceiling it sets: how many complete downloads per second one core could serve if the SM-DP+
/// did nothing but SGP.22's mandatory cryptography.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure SGP.22 cryptography and message coding throughput on this machine.",
        discussion: "Runs in-process with fresh keys and a generated PKI; each measurement runs for --seconds."
    )

    @Option(help: "Seconds per measurement.")
    var seconds = 1.0

    @Option(help: "Unprotected Profile Package to bind (default: a 12 KB synthetic payload).")
    var profile: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Also run this many complete downloads over HTTPS on loopback (0: crypto only).")
    var downloads = 0

    @Option(help: "Concurrent eUICCs for --downloads.")
    var concurrency = 4

    struct Result: Encodable {
        var name: String
        var operationsPerSecond: Double
        var microsecondsPerOperation: Double
    }

    func measure(_ name: String, _ body: () throws -> Void) rethrows -> Result {
        let clock = ContinuousClock()
        let budget = Duration.milliseconds(Int(seconds * 1000))
        var count = 0
        let start = clock.now
        // Bounded: stops after the time budget, checked every few operations.
        while clock.now - start < budget {
            for _ in 0..<8 { try body() }
            count += 8
        }
        let elapsed = clock.now - start
        let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(name: name, operationsPerSecond: Double(count) / secondsElapsed,
                      microsecondsPerOperation: secondsElapsed / Double(count) * 1e6)
    }

    func run() async throws {
        let pki = try RSPPKI.generate()
        let key = pki.dpAuth.privateKey
        let message = [UInt8](repeating: 0x5A, count: 200)
        let signature = try RSPSignature.sign(message, with: key)
        let upp: [UInt8] = try profile.map { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            return Array(data)
        } ?? [UInt8](repeating: 0xA5, count: 12_163)
        let keys = SessionKeys(initialMacChainingValue: [UInt8](repeating: 1, count: 16),
                               sEnc: [UInt8](repeating: 2, count: 16), sMac: [UInt8](repeating: 3, count: 16))
        let iscr = InitialiseSecureChannelRequest(
            remoteOpId: .installBoundProfilePackage, transactionId: OctetString([UInt8](repeating: 7, count: 16)),
            controlRefTemplate: ControlRefTemplate(keyType: [0x88], keyLen: [0x10], hostId: OctetString(Array("OpenRSP".utf8))),
            smdpOtpk: OctetString(ECKA.uncompressed(P256.KeyAgreement.PrivateKey().publicKey)),
            smdpSign: OctetString(signature.rawRepresentation))
        let contents = BoundProfilePackageContents(
            configureISDP: [0xBF, 0x24, 0x00], storeMetadata: [UInt8](repeating: 0, count: 160), replaceSessionKeys: nil,
            profileElements: upp)
        let bpp = try BoundProfilePackage.bind(initialiseSecureChannel: iscr, sessionKeys: keys, contents: contents)
        let peer = ECKA.uncompressed(P256.KeyAgreement.PrivateKey().publicKey)
        let eid = try EID.random(prefix: "89049032").bytes
        let euiccInfo1 = try EUICCInfo1(svn: [2, 2, 2], euiccCiPKIdListForVerification: [[1, 2, 3]],
                                        euiccCiPKIdListForSigning: [[1, 2, 3]]).derEncoded()

        var results: [Result] = []
        results.append(try measure("ECDSA P-256 sign (r‖s)") { _ = try RSPSignature.sign(message, with: key) })
        results.append(measure("ECDSA P-256 verify") { _ = signature.isValid(for: message, publicKey: key.publicKey) })
        results.append(try measure("ECKA one-time key + ECDH + X9.63 KDF") {
            _ = try SessionKeys.derive(oneTimePrivateKey: P256.KeyAgreement.PrivateKey(), peerOneTimePublicKey: peer,
                                       hostId: Array("OpenRSP".utf8), eid: eid)
        })
        results.append(try measure("eUICC chain validation (EUM + eUICC)") {
            _ = try RSPChainValidator.validate(leaf: pki.euicc.certificate, intermediates: [pki.eum.certificate],
                                               trustAnchors: [pki.ci.certificate], role: .euicc)
        })
        results.append(try measure("BPP bind (\(upp.count) B UPP)") {
            _ = try BoundProfilePackage.bind(initialiseSecureChannel: iscr, sessionKeys: keys, contents: contents)
        })
        results.append(try measure("BPP open (\(upp.count) B UPP)") { _ = try bpp.open(sessionKeys: keys) })
        results.append(try measure("EUICCInfo1 DER decode") { _ = try EUICCInfo1(derBytes: euiccInfo1) })

        // Per download the SM-DP+ signs 3 times (serverSigned1, smdpSigned2, InitialiseSecureChannel),
        // validates one eUICC chain, verifies 3 eUICC signatures (euiccSignature1/2, PIR), does one ECKA
        // and binds one BPP.
        let t = Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0.microsecondsPerOperation) })
        let perDownload = 3 * (t["ECDSA P-256 sign (r‖s)"] ?? 0) + 3 * (t["ECDSA P-256 verify"] ?? 0)
            + (t["eUICC chain validation (EUM + eUICC)"] ?? 0) + (t["ECKA one-time key + ECDH + X9.63 KDF"] ?? 0)
            + (t["BPP bind (\(upp.count) B UPP)"] ?? 0)
        let ceiling = Result(name: "ceiling: complete downloads per core (SM-DP+ crypto only)",
                             operationsPerSecond: 1e6 / perDownload, microsecondsPerOperation: perDownload)
        results.append(ceiling)

        var load: DownloadLoad.Report?
        if downloads > 0 {
            let upp = try profile.map(URL.init(fileURLWithPath:)) ?? DemoCommand.defaultProfile()
            load = try await DownloadLoad(downloads: downloads, concurrency: max(1, concurrency), profile: upp).run()
        }

        if json {
            struct Output: Encodable {
                var operations: [Result]
                var downloads: DownloadLoad.Report?
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(Output(operations: results, downloads: load)), as: UTF8.self))
            return
        }
        for result in results {
            let name = result.name.padding(toLength: 62, withPad: " ", startingAt: 0)
            print("\(name) \(String(format: "%10.0f/s %9.1f µs", result.operationsPerSecond, result.microsecondsPerOperation))")
        }
        if let load {
            print(String(format: "complete downloads over HTTPS (%d eUICCs, %d downloads): %.1f/s in %.2f s, %d errors; %.0f%% of the 1-core ceiling",
                         load.concurrency, load.downloads, load.downloadsPerSecond, load.seconds, load.errors,
                         100 * load.downloadsPerSecond / ceiling.operationsPerSecond))
            for (function, figures) in load.latency.sorted(by: { $0.key < $1.key }) {
                let name = function.padding(toLength: 24, withPad: " ", startingAt: 0)
                print("  \(name)" + String(format: " p50 %7.2f ms   p90 %7.2f ms   p99 %7.2f ms   max %7.2f ms",
                                            figures["p50"] ?? 0, figures["p90"] ?? 0, figures["p99"] ?? 0, figures["max"] ?? 0))
            }
        }
        if let load, load.errors > 0 { throw ExitCode(1) }
    }
}
