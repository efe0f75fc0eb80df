import Crypto
import Foundation
import RSPCore
import RSPCrypto
import RSPHTTP
import X509

/// The cryptographic cost of one complete profile download, for the SM-DP+ and for the device, and
/// the ceiling it sets: how many downloads per second this machine could complete if both did
/// nothing but their mandatory cryptography. Each operation is measured in this process with the
/// library calls the code paths make, on a generated PKI and the profile being downloaded.
///
/// What one download costs, counted from the code:
///
/// SM-DP+ (Sources/SMDPPlus/ES9Plus, RSPCrypto/Authentication):
/// - 3 ECDSA signatures: serverSignature1 (DPauth, InitiateAuthentication), smdpSignature2 (DPpb,
///   AuthenticateClient), smdpSign of InitialiseSecureChannel (DPpb, GetBoundProfilePackage);
/// - 1 eUICC chain validation (`EUICCAuthentication.validateEUICCChain` as the SM-DP+ runs it, with
///   its `ValidatedEUMCache`: the eUICC certificate parsed and its signature checked against the EUM,
///   whose own validation against the CI was done once, for the first eUICC of that EUM; the EUM
///   and CI validity periods checked again);
/// - 3 ECDSA verifications with the eUICC certificate's key: euiccSignature1, euiccSignature2, euiccSignPIR;
/// - 1 one-time key pair, 1 ECDH + X9.63 KDF (session keys);
/// - 1 BPP binding (AES-CBC + CMAC over the profile, with ReplaceSessionKeys).
///
/// Device (Sources/EUICC/ES10b, BPP):
/// - 3 ECDSA signatures: euiccSignature1, euiccSignature2, euiccSignPIR;
/// - 2 server certificate validations (CERT.DPauth in AuthenticateServer, CERT.DPpb in
///   PrepareDownload: parsed, then one signature check against the CI each);
/// - 3 ECDSA verifications: serverSignature1, smdpSignature2, smdpSign;
/// - 1 one-time key pair, 1 ECDH + X9.63 KDF;
/// - 1 BPP opening (every MAC verified, every segment decrypted, ReplaceSessionKeys applied).
struct CryptoCeiling: Encodable, Sendable {
    /// One measured operation.
    struct Operation: Encodable, Sendable {
        var name: String
        var operationsPerSecond: Double
        var microsecondsPerOperation: Double
    }

    /// One line of a side's bill: `count` times an operation per download.
    struct Item: Encodable, Sendable {
        var operation: String
        var count: Int
        var microseconds: Double
    }

    /// Downloads per second the cryptography alone allows.
    struct Ceiling: Encodable, Sendable {
        var microsecondsPerDownload: Double
        var perCore: Double
        var machine: Double
    }

    var operations: [Operation]
    var server: [Item]
    var device: [Item]
    /// Cores of this machine (`activeProcessorCount`), shared in-process by the SM-DP+ and the devices.
    var cores: Int
    var serverOnly: Ceiling
    var deviceOnly: Ceiling
    /// Server and device on the same cores: the reference for an in-process run.
    var combined: Ceiling
    var profileBytes: Int

    enum Name {
        static let sign = "ECDSA P-256 sign (r‖s)"
        static let verify = "ECDSA P-256 verify (key from certificate)"
        static let euiccChain = "eUICC chain validation (eUICC → EUM; EUM → CI cached)"
        static let serverChain = "server certificate validation (DPauth/DPpb → CI)"
        static let keyGeneration = "ECKA one-time key pair generation"
        static let keyAgreement = "ECDH + X9.63 KDF (session keys)"
        /// Measured and shown, not billed: see `tlsHandshake`.
        static let tlsHandshake = "TLS handshake, LPA + SM-DP+ (in memory)"
        static func bind(_ bytes: Int) -> String { "BPP bind (\(bytes) B profile)" }
        static func open(_ bytes: Int) -> String { "BPP open (\(bytes) B profile)" }
    }

    /// Measures every operation for `seconds` each, with the profile `upp` bound and opened.
    static func measure(seconds: Double, upp: [UInt8], tlsGroups: [TLSKeyExchangeGroup]? = nil) throws -> CryptoCeiling {
        let pki = try RSPPKI.generate()
        let message = [UInt8](repeating: 0x5A, count: 400)
        let signature = try RSPSignature.sign(message, with: pki.euicc.privateKey).rawRepresentation
        let euiccDER = try CertificateDER(derBytes: try pki.euicc.certificate.derBytes())
        let eumDER = try CertificateDER(derBytes: try pki.eum.certificate.derBytes())
        let dpAuthDER = try pki.dpAuth.certificate.derBytes()
        // The SM-DP+'s EUM cache, warm: measuring without it billed a CI signature check and an EUM
        // parse per download that the server does once per EUM, and lowered the ceiling by ~7%.
        let authentication = EUICCAuthentication(trustedCIs: [pki.ci.certificate], serverName: "SM-DP+", eumCache: ValidatedEUMCache())
        let now = Date()
        _ = try authentication.validateEUICCChain(euiccCertificate: euiccDER, eumCertificate: eumDER, requiredCIPKId: nil, at: now)
        let oneTimeKey = P256.KeyAgreement.PrivateKey()
        let peer = ECKA.uncompressed(P256.KeyAgreement.PrivateKey().publicKey)
        let eid = try EID.random(prefix: "89049032").bytes
        let hostId = Array("OpenRSP".utf8)
        let keys = try SessionKeys.derive(oneTimePrivateKey: oneTimeKey, peerOneTimePublicKey: peer, hostId: hostId, eid: eid)
        let iscr = InitialiseSecureChannelRequest(
            remoteOpId: .installBoundProfilePackage, transactionId: OctetString([UInt8](repeating: 7, count: 16)),
            controlRefTemplate: ControlRefTemplate(keyType: [0x88], keyLen: [0x10], hostId: OctetString(hostId)),
            smdpOtpk: OctetString(ECKA.uncompressed(oneTimeKey.publicKey)), smdpSign: OctetString(signature))
        let contents = BoundProfilePackageContents(
            configureISDP: [0xBF, 0x24, 0x00], storeMetadata: [UInt8](repeating: 0, count: 160),
            replaceSessionKeys: try ReplaceSessionKeysRequest(
                initialMacChainingValue: OctetString([UInt8](repeating: 1, count: 16)),
                ppkEnc: OctetString([UInt8](repeating: 2, count: 16)),
                ppkCmac: OctetString([UInt8](repeating: 3, count: 16))).derEncoded(),
            profileElements: upp)
        let bpp = try BoundProfilePackage.bind(initialiseSecureChannel: iscr, sessionKeys: keys, contents: contents)

        let stopwatch = Stopwatch(seconds: seconds)
        var operations: [Operation] = []
        operations.append(try stopwatch.measure(Name.sign) { _ = try RSPSignature.sign(message, with: pki.dpAuth.privateKey) })
        operations.append(try stopwatch.measure(Name.verify) {
            try EUICCAuthentication.verifyEUICCSignature(signature, over: message, certificate: pki.euicc.certificate)
        })
        operations.append(try stopwatch.measure(Name.euiccChain) {
            _ = try authentication.validateEUICCChain(
                euiccCertificate: euiccDER, eumCertificate: eumDER, requiredCIPKId: nil, at: now)
        })
        operations.append(try stopwatch.measure(Name.serverChain) {
            let certificate = try Certificate(derEncoded: dpAuthDER)
            _ = try certificate.p256SigningKey()
            _ = try RSPChainValidator.validate(leaf: certificate, trustAnchors: [pki.ci.certificate], role: .dpAuth, at: now)
        })
        operations.append(stopwatch.measure(Name.keyGeneration) { _ = ECKA.oneTimeKey() })
        operations.append(try stopwatch.measure(Name.keyAgreement) {
            _ = try SessionKeys.derive(oneTimePrivateKey: oneTimeKey, peerOneTimePublicKey: peer, hostId: hostId, eid: eid)
        })
        operations.append(try stopwatch.measure(Name.bind(upp.count)) {
            _ = try BoundProfilePackage.bind(initialiseSecureChannel: iscr, sessionKeys: keys, contents: contents)
        })
        operations.append(try stopwatch.measure(Name.open(upp.count)) { _ = try bpp.open(sessionKeys: keys) })
        let tls = try TLSHandshakeCost(
            server: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate], keyExchangeGroups: tlsGroups),
            trust: .only([pki.ci.certificate]),
            serverName: "localhost")
        operations.append(try stopwatch.measure(Name.tlsHandshake) { try tls.handshake() })
        return CryptoCeiling(operations: operations, profileBytes: upp.count)
    }

    /// The bills of both sides, priced with the measured `operations`.
    init(operations: [Operation], profileBytes: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) {
        let cost = Dictionary(operations.map { ($0.name, $0.microsecondsPerOperation) }) { first, _ in first }
        func item(_ name: String, _ count: Int) -> Item { Item(operation: name, count: count, microseconds: cost[name] ?? 0) }
        let cores = max(1, cores)
        self.operations = operations
        self.profileBytes = profileBytes
        self.cores = cores
        server = [
            item(Name.sign, 3), item(Name.euiccChain, 1), item(Name.verify, 3), item(Name.keyGeneration, 1),
            item(Name.keyAgreement, 1), item(Name.bind(profileBytes), 1),
        ]
        device = [
            item(Name.sign, 3), item(Name.serverChain, 2), item(Name.verify, 3), item(Name.keyGeneration, 1),
            item(Name.keyAgreement, 1), item(Name.open(profileBytes), 1),
        ]
        func ceiling(_ items: [Item]) -> Ceiling {
            let microseconds = items.reduce(0) { $0 + Double($1.count) * $1.microseconds }
            let perCore = microseconds > 0 ? 1e6 / microseconds : 0
            return Ceiling(microsecondsPerDownload: microseconds, perCore: perCore, machine: perCore * Double(cores))
        }
        serverOnly = ceiling(server)
        deviceOnly = ceiling(device)
        combined = ceiling(server + device)
    }

    /// Each operation at the faster of its two measurements: the machine's capability when the
    /// two were taken at different moments (a shared machine's speed drifts by ±15% within
    /// minutes; a ceiling measured in a slow spell made the ratio look better than it was).
    func fastest(with other: CryptoCeiling) -> CryptoCeiling {
        let theirs = Dictionary(other.operations.map { ($0.name, $0) }) { first, _ in first }
        let operations = self.operations.map { mine in
            guard let their = theirs[mine.name], their.microsecondsPerOperation < mine.microsecondsPerOperation else { return mine }
            return their
        }
        return CryptoCeiling(operations: operations, profileBytes: profileBytes, cores: cores)
    }

    /// What a device's own HTTPS connection adds in TLS, left out of the bills, which price the RSP
    /// cryptography of a download (its signatures, verifications and key agreement): a new device
    /// pays the handshake once per download, a device that keeps its connection once per session.
    /// Nil when it was not measured.
    var tlsHandshakeMicroseconds: Double? {
        operations.first { $0.name == Name.tlsHandshake }?.microsecondsPerOperation
    }

    /// The breakdown and the three ceilings, as printed by `openrsp bench --crypto-ceiling`.
    var lines: [String] {
        billLines + ceilingLines
    }

    /// What each side's cryptography costs per download, operation by operation.
    var billLines: [String] {
        var lines = ["cryptographic cost of one complete download (\(profileBytes) B profile), measured in this process:"]
        for (side, items, ceiling) in [("SM-DP+", server, serverOnly), ("device (LPA + eUICC)", device, deviceOnly)] {
            lines.append("  \(side):")
            for item in items {
                let name = item.operation.padding(toLength: 62, withPad: " ", startingAt: 0)
                lines.append("    \(item.count) × \(name)" + String(format: "%9.1f µs", Double(item.count) * item.microseconds))
            }
            lines.append("    " + "total".padding(toLength: 66, withPad: " ", startingAt: 0)
                + String(format: "%9.1f µs", ceiling.microsecondsPerDownload))
        }
        return lines
    }

    /// The three ceilings, and the TLS handshake they leave out.
    var ceilingLines: [String] {
        var lines: [String] = []
        for (name, ceiling) in [("server only", serverOnly), ("device only", deviceOnly), ("combined (server + device)", combined)] {
            lines.append("ceiling, \(name.padding(toLength: 26, withPad: " ", startingAt: 0)): "
                + String(format: "%8.1f downloads/s per core, %8.1f downloads/s on %d cores", ceiling.perCore, ceiling.machine, cores))
        }
        if let tls = tlsHandshakeMicroseconds {
            lines.append(String(format: "not in the ceiling: a TLS handshake, both ends, %.1f µs per new connection (one per device session"
                                + " unless the device keeps its connection; TCP and the event loops' work come on top)", tls))
        }
        return lines
    }
}

/// Runs an operation repeatedly for a time budget and reports its rate.
///
/// The budget is split into `slices` and the fastest slice counts: on a shared machine a slice the
/// scheduler or a neighbour interrupted measures them, not the operation, and the ceiling is meant
/// as the machine's capability (a higher ceiling only makes the reported ratio more conservative).
struct Stopwatch {
    var seconds: Double
    var slices = 5

    func measure(_ name: String, _ body: () throws -> Void) rethrows -> CryptoCeiling.Operation {
        let clock = ContinuousClock()
        let budget = Duration.milliseconds(max(1, Int(max(0.001, seconds) * 1000) / max(1, slices)))
        var best = Double.infinity
        for _ in 0..<max(1, slices) {
            var count = 0
            let start = clock.now
            // Bounded: stops after the slice's budget, checked every few operations.
            while clock.now - start < budget {
                for _ in 0..<8 { try body() }
                count += 8
            }
            best = min(best, (clock.now - start).seconds / Double(count))
        }
        return CryptoCeiling.Operation(name: name, operationsPerSecond: 1 / best, microsecondsPerOperation: best * 1e6)
    }
}
