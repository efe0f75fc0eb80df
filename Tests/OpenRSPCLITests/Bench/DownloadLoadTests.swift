import Foundation
import RSPCore
import RSPStore
import Testing

@testable import OpenRSPCLI

/// The benchmark's short form, run by CI: it must complete every download without an error and
/// report every figure. Its speed is printed, never asserted (a debug build on a shared CI machine
/// says nothing).
@Suite("openrsp bench: short form")
struct DownloadLoadTests {
    @Test("200 complete downloads over HTTPS by 4 concurrent eUICCs: all installed, no error, every figure reported")
    func shortForm() async throws {
        let profile = profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")
        let upp = try #require(FileManager.default.contents(atPath: profile.path))
        let ceiling = try CryptoCeiling.measure(seconds: 0.02, upp: Array(upp))
        let report = try await DownloadLoad(downloads: 200, concurrency: 4, profile: profile, ceiling: ceiling).run()
        #expect(report.downloads == 200)
        #expect(report.errors == 0, "first error: \(report.firstError ?? "none")")
        #expect(report.firstError == nil)
        #expect(Set(report.latency.keys) == ["initiateAuthentication", "authenticateClient", "getBoundProfilePackage", "handleNotification"])
        // Whole downloads, first ES9+ call to installed: present, and no shorter than their slowest call's median.
        #expect(Set(report.downloadLatency.keys) == ["p50", "p90", "p99", "max"])
        #expect((report.downloadLatency["p50"] ?? 0) >= (report.latency["getBoundProfilePackage"]?["p50"] ?? .infinity))
        // Inside the SM-DP+: each call timed there too, never longer than the LPA saw it (each call's
        // server time is part of its round trip, so every percentile is too).
        let inServer = try #require(report.serverLatency)
        #expect(Set(inServer.keys) == Set(report.latency.keys))
        for (function, seen) in report.latency {
            for (percentile, lpa) in seen {
                let server = try #require(inServer[function]?[percentile])
                #expect(server > 0 && server <= lpa, "\(function) \(percentile): \(server) ms in the SM-DP+, \(lpa) ms at the LPA")
            }
        }
        // The ratio to the combined ceiling, and where the CPU went.
        #expect(report.combinedCeiling == ceiling.combined.machine)
        #expect((report.ratioToCombinedCeiling ?? 0) > 0)
        #expect(report.cpu.processSecondsPerDownload > 0)
        #expect(report.cpu.deviceSecondsPerDownload > 0)
        #expect((report.cpu.serverSecondsPerDownload ?? 0) > 0)
        // The devices' executor and their own event loops, one each per core.
        #expect(report.cpu.deviceThreads == 2 * ProcessInfo.processInfo.activeProcessorCount)
        let server = try #require(report.cpu.serverSecondsPerDownload)
        let alone = try #require(report.cpu.serverAloneDownloadsPerSecond)
        #expect(abs(alone * server - Double(ProcessInfo.processInfo.activeProcessorCount)) < 1e-6)
        // Every download hands work between threads (device executor, event loops, handlers).
        #expect(report.cpu.voluntaryContextSwitchesPerDownload > 0)
        #expect(report.cpu.involuntaryContextSwitchesPerDownload >= 0)
        #if os(Linux)
        // By thread: every role that does the work is there, and the roles add up to the process.
        let roles = try #require(report.cpu.byThreadRole)
        #expect(Set(roles.keys) == Set(ThreadCPU.Role.allCases.map(\.rawValue)))
        for role in ["devices", "eventLoops", "concurrencyPool", "serialQueues"] { #expect((roles[role] ?? 0) > 0, "\(role)") }
        let total = roles.values.reduce(0, +)
        #expect(total >= report.cpu.processSecondsPerDownload * 0.99 && total <= report.cpu.processSecondsPerDownload * 1.1)
        #endif
        // Peak RSS: at least the profile packages the run held, and not absurd (under 64 GiB).
        let peak = try #require(report.memory.peakResidentSetBytes)
        #expect(peak > upp.count * 200 && peak < 64 << 30)
        #if os(Linux)
        // The cards made before the run: some of it, never more than the whole.
        let cards = try #require(report.memory.cardsResidentSetBytes)
        #expect(cards >= 0 && cards < peak)
        #endif
        print(String(format: "bench short form (debug build): %.1f downloads/s, %.3f of the combined crypto ceiling",
                     report.downloadsPerSecond, report.ratioToCombinedCeiling ?? 0))
    }

    /// A card kept for every download of its slot held every profile it installed: its installations
    /// slowed as it filled, and past 256 (its ISD-P AIDs) failed with insufficientMemoryForProfile.
    @Test("every download is made by a new card: as many distinct EIDs as downloads, each with one installed profile")
    func newCardPerDownload() async throws {
        let store = InMemorySMDPStore()
        let load = DownloadLoad(
            downloads: 12, concurrency: 2, profile: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"), ceiling: nil,
            stores: { _ in LoopbackDeployment.Stores(smdp: store, smds: InMemorySMDSStore()) {} })
        let report = try await load.run()
        #expect(report.errors == 0, "first error: \(report.firstError ?? "none")")
        let installed = await store.inventory().filter { $0.state == .installed }
        #expect(installed.count == 12)
        #expect(Set(installed.compactMap { $0.order?.downloadedBy }).count == 12)
    }

    /// Each simulated device reaches the SM-DP+ as a real one does: its own connection for its
    /// session, so the server makes a TLS handshake per download; reusing the slots' connections
    /// is an option, reported as such.
    @Test("a connection per device by default (one per download); --reuse-connections keeps one per slot", arguments: [false, true])
    func connectionsPerDevice(reuse: Bool) async throws {
        let load = DownloadLoad(
            downloads: 10, concurrency: 2, profile: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"), ceiling: nil,
            stores: { _ in LoopbackDeployment.Stores(smdp: InMemorySMDPStore(), smds: InMemorySMDSStore()) {} },
            reuseConnections: reuse)
        let report = try await load.run()
        #expect(report.errors == 0, "first error: \(report.firstError ?? "none")")
        #expect(report.connections.reusedAcrossDevices == reuse)
        #expect(report.connections.opened == (reuse ? 2 : 10))
        #expect(report.transportFloor == nil)
    }

    /// The floor is the same HTTPS with nothing behind it: its CPU per download is what any download
    /// costs before its own work, and with the ceiling's cryptography it bounds the rate.
    @Test("--transport-floor replays the run's first download as often: no error, connections as the run made them, less CPU than a real download, and the bound it sets", arguments: [false, true])
    func transportFloor(reuse: Bool) async throws {
        let profile = profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")
        let upp = try #require(FileManager.default.contents(atPath: profile.path))
        let ceiling = try CryptoCeiling.measure(seconds: 0.01, upp: Array(upp))
        let load = DownloadLoad(
            downloads: 10, concurrency: 2, profile: profile, ceiling: ceiling,
            stores: { _ in LoopbackDeployment.Stores(smdp: InMemorySMDPStore(), smds: InMemorySMDSStore()) {} },
            reuseConnections: reuse, transportFloor: true)
        let report = try await load.run()
        #expect(report.errors == 0, "first error: \(report.firstError ?? "none")")
        let floor = try #require(report.transportFloor)
        #expect(floor.downloads == 10 && floor.errors == 0, "first error: \(floor.firstError ?? "none")")
        #expect(floor.downloadsPerSecond > 0)
        #expect(floor.connectionsOpened == (reuse ? 2 : 10))
        #expect(floor.deviceSecondsPerDownload > 0 && floor.serverSecondsPerDownload > 0)
        #expect(abs(floor.deviceSecondsPerDownload + floor.serverSecondsPerDownload - floor.processSecondsPerDownload) < 1e-9)
        #expect(floor.processSecondsPerDownload < report.cpu.processSecondsPerDownload)
        let crypto = ceiling.combined.microsecondsPerDownload / 1e6
        let bound = Double(ProcessInfo.processInfo.activeProcessorCount) / (floor.processSecondsPerDownload + crypto)
        #expect(abs((floor.boundDownloadsPerSecond ?? 0) - bound) < bound * 1e-9)
    }

    @Test("installed orders are counted a page at a time: only this run's, only installed ones, across page boundaries")
    func installedCountedByPages() async throws {
        let store = InMemorySMDPStore()
        let upp = try #require(FileManager.default.contents(atPath: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der").path))
        var ordered: Set<String> = []
        for index in 0..<7 {
            let iccid = try ICCID(digits: "89990000000000000" + String(format: "%02d", index), checkLuhn: false)
            try await store.insertProfile(ProfileRecord(
                iccid: iccid, profileType: "bench", serviceProviderName: "Bench", profileName: "Bench \(index)",
                profileClass: .operational, owner: nil, upp: Array(upp), importedAt: Date()))
            let matchingId = "M-\(index)"
            try await store.insertOrder(OrderRecord(
                matchingId: matchingId, iccid: iccid, eid: nil, confirmationCodeHash: nil, confirmationCodeAttemptsLeft: 5,
                state: index == 5 ? .released : .installed, reason: nil, downloadedBy: nil,
                createdAt: Date(), updatedAt: Date(), expiresAt: nil))
            if index != 6 { ordered.insert(matchingId) }
        }
        // Installed and ordered: 0…4. 5 is ordered, not installed; 6 is installed but another run's.
        for pageSize in [1, 2, 3, 7, 100] {
            #expect(try await DownloadLoad.installed(ordered, in: store, pageSize: pageSize) == 5)
        }
    }

    /// The group is the deployment's own, so runs with different counts can follow each other in
    /// one process (NIO's shared singleton could be sized once, before its first use, and trapped after).
    @Test("in-process runs with their own event loop groups, one after another in one process: all installed, count reported")
    func ownEventLoopGroups() async throws {
        let profile = profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")
        for threads in [1, 3, 2] {
            let report = try await DownloadLoad(downloads: 8, concurrency: 2, profile: profile, ceiling: nil, eventLoops: threads).run()
            #expect(report.errors == 0, "first error: \(report.firstError ?? "none")")
            #expect(report.eventLoopThreads == threads)
        }
    }

    @Test("the crypto ceiling bills what the code paths do: SM-DP+ 3 signs + 4 signature checks, device 3 signs + 5 checks, 1 ECKA each")
    func ceilingCounts() throws {
        let upp = [UInt8](repeating: 0xA5, count: 1_000)
        let ceiling = try CryptoCeiling.measure(seconds: 0.01, upp: upp)
        func count(_ items: [CryptoCeiling.Item], _ name: String) -> Int { items.first { $0.operation == name }?.count ?? 0 }
        typealias Name = CryptoCeiling.Name
        #expect(count(ceiling.server, Name.sign) == 3)
        #expect(count(ceiling.server, Name.verify) == 3)
        #expect(count(ceiling.server, Name.euiccChain) == 1)  // 1 certificate signature: the EUM's is cached
        #expect(count(ceiling.server, Name.bind(upp.count)) == 1)
        #expect(count(ceiling.device, Name.sign) == 3)
        #expect(count(ceiling.device, Name.verify) == 3)
        #expect(count(ceiling.device, Name.serverChain) == 2)
        #expect(count(ceiling.device, Name.open(upp.count)) == 1)
        for items in [ceiling.server, ceiling.device] {
            #expect(count(items, Name.keyGeneration) == 1)
            #expect(count(items, Name.keyAgreement) == 1)
        }
        #expect(ceiling.combined.perCore > 0)
        #expect(ceiling.combined.perCore < min(ceiling.serverOnly.perCore, ceiling.deviceOnly.perCore))
        #expect(ceiling.combined.machine == ceiling.combined.perCore * Double(ceiling.cores))
        // A device's TLS handshake is measured and shown beside the ceiling, never billed in it.
        #expect((ceiling.tlsHandshakeMicroseconds ?? 0) > 0)
        #expect(count(ceiling.server + ceiling.device, Name.tlsHandshake) == 0)
        #expect(ceiling.ceilingLines.last?.hasPrefix("not in the ceiling: a TLS handshake") == true)
    }
}
