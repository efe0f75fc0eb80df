import Benchmark
import Crypto
import Foundation
import Prometheus
import RSPCore
import RSPCrypto
import RSPHTTP
import SwiftASN1

// Run: swift package --disable-sandbox benchmark --target OpenRSPBenchmarks
// (the fixtures read ../shared/profiles; see Fixtures.swift). Each benchmark builds what it needs
// before `startMeasurement()`, so only the named work is measured.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput], warmupIterations: 3,
        maxDuration: .seconds(2), maxIterations: 100_000)

    // MARK: DER coding of the big messages of a download

    Benchmark("DER decode AuthenticateServerResponse") { benchmark in
        let bytes = try await Fixtures.shared().authenticateServerResponse
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try AuthenticateServerResponse(derBytes: bytes)) }
    }
    Benchmark("DER encode AuthenticateServerResponse") { benchmark in
        let message = try AuthenticateServerResponse(derBytes: try await Fixtures.shared().authenticateServerResponse)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try message.derEncoded()) }
    }
    Benchmark("DER decode PrepareDownloadResponse") { benchmark in
        let bytes = try await Fixtures.shared().prepareDownloadResponse
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try PrepareDownloadResponse(derBytes: bytes)) }
    }
    Benchmark("DER encode PrepareDownloadResponse") { benchmark in
        let message = try PrepareDownloadResponse(derBytes: try await Fixtures.shared().prepareDownloadResponse)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try message.derEncoded()) }
    }
    Benchmark("DER decode BoundProfilePackage (12 KB profile)") { benchmark in
        let bytes = try await Fixtures.shared().boundProfilePackage
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try BoundProfilePackage(derBytes: bytes)) }
    }
    Benchmark("DER encode BoundProfilePackage (12 KB profile)") { benchmark in
        let message = try BoundProfilePackage(derBytes: try await Fixtures.shared().boundProfilePackage)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try message.derEncoded()) }
    }

    // MARK: BPP building (the SM-DP+'s GetBoundProfilePackage work, as SMDPPlus/BPP/ProfileBinding.swift does it)

    Benchmark("BPP build, 12 KB TS.48 profile") { benchmark in
        let fixtures = try await Fixtures.shared()
        let binding = try BPPBinding(pki: fixtures.pki, upp: fixtures.profile12K)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try binding.build()) }
    }
    Benchmark("BPP build, ~100 KB profile") { benchmark in
        let fixtures = try await Fixtures.shared()
        let binding = try BPPBinding(pki: fixtures.pki, upp: fixtures.profile100K)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try binding.build()) }
    }

    // MARK: Certificates

    Benchmark("eUICC certificate chain validation (EUM + eUICC → CI)") { benchmark in
        let pki = try await Fixtures.shared().pki
        let euicc = try CertificateDER(derBytes: try pki.euicc.certificate.derBytes())
        let eum = try CertificateDER(derBytes: try pki.eum.certificate.derBytes())
        let authentication = EUICCAuthentication(trustedCIs: [pki.ci.certificate], serverName: "SM-DP+")
        let now = Date()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try authentication.validateEUICCChain(euiccCertificate: euicc, eumCertificate: eum, requiredCIPKId: nil, at: now))
        }
    }

    // MARK: A device's new connection

    Benchmark("TLS handshake, LPA + SM-DP+ (in memory, both ends)") { benchmark in
        let pki = try await Fixtures.shared().pki
        let handshake = try TLSHandshakeCost(
            server: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]), trust: .only([pki.ci.certificate]),
            serverName: Fixtures.smdpAddress)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { try handshake.handshake() }
    }

    // MARK: One complete download, in-process (SM-DP+ on the in-memory store, software eUICC, LPA; no HTTP)

    // MARK: What `serve --metrics-port` adds to each SGP.22 call

    Benchmark("function metrics: count and time one call (Prometheus)") { benchmark in
        let metrics = FunctionMetrics(factory: PrometheusMetricsFactory(registry: PrometheusCollectorRegistry()), listener: "es9plus")
        let failed = FunctionMetrics.Outcome.failed(subjectCode: "8.10.1", reasonCode: "3.9")
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            metrics.record(
                function: "authenticateClient", outcome: index % 8 == 0 ? failed : .executedSuccess, duration: .microseconds(index % 5_000))
        }
    }

    Benchmark("full download in-process (no HTTP)", configuration: .init(maxDuration: .seconds(4), maxIterations: 2_000)) { benchmark in
        let fixtures = try await Fixtures.shared()
        let device = try await Device(pki: fixtures.pki, server: fixtures.smdp)
        let code = try await Fixtures.order(fixtures.smdp, upp: fixtures.profile12K)
        benchmark.startMeasurement()
        blackHole(try await device.lpa.download(activationCode: code, confirmationCode: nil))
    }
}

/// The SM-DP+'s BPP binding for one download: a one-time key pair, ECDH + KDF with the eUICC's
/// one-time key, InitialiseSecureChannel signed with DPpb, then ConfigureISDP, StoreMetadata,
/// ReplaceSessionKeys and the profile protected with BSP.
struct BPPBinding {
    let dpPb: P256.Signing.PrivateKey
    let euiccOtpk: [UInt8]
    let eid: [UInt8]
    let contents: BoundProfilePackageContents
    let hostId = Array("OpenRSP".utf8)

    init(pki: RSPPKI, upp: [UInt8]) throws {
        dpPb = pki.dpPb.privateKey
        euiccOtpk = ECKA.uncompressed(P256.KeyAgreement.PrivateKey().publicKey)
        eid = try EID.random(prefix: "89049032").bytes
        contents = BoundProfilePackageContents(
            configureISDP: try ConfigureISDPRequest().derEncoded(),
            storeMetadata: [UInt8](repeating: 0x5A, count: 160),
            replaceSessionKeys: try ReplaceSessionKeysRequest(
                initialMacChainingValue: OctetString([UInt8](repeating: 1, count: 16)),
                ppkEnc: OctetString([UInt8](repeating: 2, count: 16)), ppkCmac: OctetString([UInt8](repeating: 3, count: 16))
            ).derEncoded(),
            profileElements: upp)
    }

    func build() throws -> BoundProfilePackage {
        let oneTimeKey = P256.KeyAgreement.PrivateKey()
        let keys = try SessionKeys.derive(oneTimePrivateKey: oneTimeKey, peerOneTimePublicKey: euiccOtpk, hostId: hostId, eid: eid)
        let smdpOtpk = ECKA.uncompressed(oneTimeKey.publicKey)
        let transactionId = OctetString([UInt8](repeating: 7, count: 16))
        let crt = ControlRefTemplate(keyType: [BSPConstants.keyTypeAES], keyLen: [BSPConstants.keyLength], hostId: OctetString(hostId))
        var signed = DER.Serializer()
        try signed.serialize(RemoteOpId.installBoundProfilePackage)
        try transactionId.serialize(into: &signed, withIdentifier: .context(0))
        try crt.serialize(into: &signed, withIdentifier: .context(6))
        try OctetString(smdpOtpk).serialize(into: &signed, withIdentifier: .application(73))
        let smdpSign = try RSPSignature.sign(
            try SignedData.initialiseSecureChannelSmdpSign(signedContent: signed.serializedBytes, euiccOtpk: euiccOtpk), with: dpPb)
        let request = InitialiseSecureChannelRequest(
            remoteOpId: .installBoundProfilePackage, transactionId: transactionId, controlRefTemplate: crt,
            smdpOtpk: OctetString(smdpOtpk), smdpSign: OctetString(smdpSign.rawRepresentation))
        return try BoundProfilePackage.bind(initialiseSecureChannel: request, sessionKeys: keys, contents: contents)
    }
}
