import Foundation
import LPA
import RSPCore
import RSPCrypto
import RSPHTTP
import RSPStore
import Synchronization
import Testing

@testable import OpenRSPCLI

extension ScaleOut {
    /// Two `openrsp serve` processes on one PostgreSQL database, one PKI (a shared data directory) and
    /// one SM-DP+ address, as behind a load balancer: a download's ES9+ calls alternate between the
    /// nodes, concurrent ES2+ orders on both nodes never share a profile, and both nodes report ready.
    @Suite(
        "Scale-out: two serve nodes on one PostgreSQL database", .serialized,
        .enabled(if: ScaleOut.Postgres.isConfigured, "needs OPENRSP_POSTGRES_URL"))
    struct TwoNodesOnePostgres {
        static let owner = "001-01"
        static let operatorName = "op1"
        static let downloads = 200
        static let concurrency = 8

        /// Node i: ES9+ on base + 2i, ES2+ on base + 2i + 1 (no SM-DS listeners).
        struct Node {
            let id: String
            let es9Port: Int
            var es2Port: Int { es9Port + 1 }
        }

        @Test("200 downloads alternating every ES9+ call between two nodes all install; 50 concurrent orders for the last 10 profiles: 10 distinct, 40 refused 8.2.5/3.7; /health/ready 200 on both",
              .timeLimit(.minutes(5)))
        func twoNodes() async throws {
            let processes = try OpenRSPProcesses()
            let database = try await ScratchDatabase.create("twonodes")
            do {
                try await run(processes, database)
            } catch {
                processes.killAll()
                await database.drop()
                throw error
            }
            processes.killAll()
            await database.drop()
        }

        func run(_ processes: OpenRSPProcesses, _ database: ScratchDatabase) async throws {
            let started = ContinuousClock.now
            let data = processes.directory.appendingPathComponent("data").path
            // The load balancer's name: the address in activation codes and in ES9+ on every node.
            let common = ["--data", data, "--store", database.url, "--smdp-address", "localhost"]
            try await processes.succeed(["db", "migrate", "--data", data, "--store", database.url])
            let roundRobin = processes.directory.appendingPathComponent("round-robin")
            let last = processes.directory.appendingPathComponent("last")
            try ProfileBatch.write(count: Self.downloads, series: 1, to: roundRobin)
            let lastICCIDs = try ProfileBatch.write(count: 14, series: 2, to: last)
            try await processes.succeed(
                ["profiles", "import"] + common + ["--owner", Self.owner, "--profile-type", "T-RR", roundRobin.path], timeout: .seconds(180))
            try await processes.succeed(
                ["profiles", "import"] + common + ["--owner", Self.owner, "--profile-type", "T-LAST", last.path])
            try await processes.succeed(["operator", "add", Self.operatorName] + common + ["--po-id", Self.owner])
            let pki = try RSPPKIDirectory.load(from: URL(fileURLWithPath: data + "/pki"))
            let prepared = secondsSince(started)

            let base = try LoopbackPorts.freeBlock(4)
            let nodes = [Node(id: "node-a", es9Port: base), Node(id: "node-b", es9Port: base + 2)]
            async let startA = ServeNode.start(processes, serveArguments(nodes[0], common), listening: [nodes[0].es9Port, nodes[0].es2Port])
            async let startB = ServeNode.start(processes, serveArguments(nodes[1], common), listening: [nodes[1].es9Port, nodes[1].es2Port])
            let serves = try await [startA, startB]
            let serving = secondsSince(started)

            try await expectReady(nodes, pki: pki)

            let es9 = try nodes.map { try es9Client(port: $0.es9Port, pki: pki) }
            let es2 = try nodes.map { try operatorClient(name: Self.operatorName, data: data, port: $0.es2Port, pki: pki) }
            func shutdownClients() async {
                for client in es9 { try? await client.shutdown() }
                for client in es2 { try? await client.shutdown() }
            }
            do {
                let downloadStart = ContinuousClock.now
                try await roundRobinDownloads(es9: es9, es2: es2, pki: pki, location: try ServeStore.postgres(database).location(data: data))
                let downloadSeconds = secondsSince(downloadStart)
                try await lastProfiles(es2: es2, iccids: lastICCIDs)
                // Both nodes still serve and still answer ready after the load.
                try await expectReady(nodes, pki: pki)
                for serve in serves { #expect(serve.isRunning, "\(serve.stderr.suffix(2_000))") }
                if ProcessInfo.processInfo.environment["OPENRSP_SCALEOUT_VERBOSE"] != nil {
                    print(String(format: "two nodes: prepared %.1f s, serving %.1f s, %d downloads %.1f s, total %.1f s",
                                 prepared, serving, Self.downloads, downloadSeconds, secondsSince(started)))
                }
            } catch {
                await shutdownClients()
                throw error
            }
            await shutdownClients()
        }

        func serveArguments(_ node: Node, _ common: [String]) -> [String] {
            common + ["--node-id", node.id, "--host", "127.0.0.1", "--port", "\(node.es9Port)", "--es2-port", "\(node.es2Port)",
                      "--smds-port", "0"]
        }

        /// (c) GET /health/ready answers 200 naming the node, on both nodes (polled until the store
        /// answers, then checked), and /health/live 200.
        func expectReady(_ nodes: [Node], pki: RSPPKI) async throws {
            for node in nodes {
                let deadline = ContinuousClock.now + .seconds(30)
                var ready = try await HealthProbe.get(HealthRoutes.readyPath, port: node.es9Port, ci: pki.ci.certificate)
                while ready.status != 200, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                    ready = try await HealthProbe.get(HealthRoutes.readyPath, port: node.es9Port, ci: pki.ci.certificate)
                }
                #expect(ready.status == 200, "\(node.id): \(ready)")
                #expect(ready.json?["status"] as? String == "ready", "\(node.id): \(ready)")
                #expect(ready.json?["node"] as? String == node.id, "\(node.id): \(ready)")
                let live = try await HealthProbe.get(HealthRoutes.livePath, port: node.es9Port, ci: pki.ci.certificate)
                #expect(live.status == 200, "\(node.id): \(live)")
            }
        }

        /// (a) Each download orders over ES2+ on one node and confirms on the other, then runs its four
        /// ES9+ calls alternately on the two nodes; `concurrency` eUICCs download at once.
        func roundRobinDownloads(
            es9: [ES9PlusHTTPClient], es2: [ES2PlusHTTPClient], pki: RSPPKI, location: StoreLocation
        ) async throws {
            struct Done: Sendable {
                let index: Int
                let eid: EID
                let ordered: ICCID
                let result: DownloadResult
            }
            let tally = CallTally()
            let downloadsStarted = Locked(0)
            let factory: LocalProfileAssistant.ServerFactory = { _ in
                let offset = downloadsStarted.withLock { count in
                    defer { count += 1 }
                    return count
                }
                return AlternatingES9PlusService(nodes: es9, offset: offset, tally: tally)
            }
            var devices: [TestDevice] = []
            for worker in 0..<Self.concurrency {
                devices.append(try await TestDevice.make(
                    number: UInt64(5_000 + worker), pki: pki, maximumProfiles: Self.downloads + 1, server: factory))
            }
            let queue = TaskQueue(Array(0..<Self.downloads))
            let done = Locked<[Done]>([])
            let failures = Locked<[String]>([])
            await withTaskGroup(of: Void.self) { group in
                for device in devices {
                    group.addTask {
                        while let index = queue.next() {
                            do {
                                let ordered = try await es2[index % 2].downloadOrder(
                                    DownloadOrderRequest(eid: device.eid, profileType: "T-RR"), caller: es2Caller(Self.operatorName))
                                let confirmed = try await es2[(index + 1) % 2].confirmOrder(
                                    ConfirmOrderRequest(iccid: ordered.iccid, eid: device.eid, releaseFlag: true),
                                    caller: es2Caller(Self.operatorName))
                                let code = ActivationCode(
                                    smdpAddress: confirmed.smdpAddress ?? "localhost", matchingID: confirmed.matchingId)
                                let result = try await device.lpa.download(activationCode: code, confirmationCode: nil)
                                done.withLock { $0.append(Done(index: index, eid: device.eid, ordered: ordered.iccid, result: result)) }
                            } catch {
                                failures.withLock { $0.append("download \(index) on \(device.eid.digits): \(error)") }
                            }
                        }
                    }
                }
            }
            let completed = done.value
            let failed = failures.value
            #expect(failed.isEmpty, "\(failed.count) of \(Self.downloads) downloads failed, e.g. \(failed.prefix(5))")
            #expect(completed.count == Self.downloads)
            #expect(completed.allSatisfy { $0.result.iccid == $0.ordered }, "the installed profile is the ordered one")
            #expect(completed.allSatisfy { $0.result.installationResultDelivered }, "every installation result reached a node")
            #expect(Set(completed.map(\.ordered)).count == completed.count, "no profile was ordered twice")

            // Every call of every download went where the wrapper sent it: half of each function per node.
            for node in 0..<2 {
                for function in ["initiateAuthentication", "authenticateClient", "getBoundProfilePackage", "handleNotification"] {
                    #expect(tally.count(node: node, function) == Self.downloads / 2, "node \(node) \(function): \(tally.all)")
                }
                #expect(tally.count(node: node, "cancelSession") == 0, "\(tally.all)")
            }

            // The shared store: every T-RR profile installed, by the eUICC that downloaded it.
            let downloadedBy = Dictionary(uniqueKeysWithValues: completed.map { ($0.ordered, $0.eid) })
            let inventory = try await withStore(location) { try await $0.inventory() }.filter { $0.profile.profileType == "T-RR" }
            #expect(inventory.count == Self.downloads)
            for item in inventory {
                #expect(item.state == .installed, "\(item.profile.iccid): \(item.state) \(item.order?.reason ?? "")")
                #expect(item.order?.downloadedBy == downloadedBy[item.profile.iccid], "\(item.profile.iccid)")
            }
            // …and each card holds exactly the profiles it downloaded.
            for device in devices {
                let expected = Set(completed.filter { $0.eid == device.eid }.map(\.ordered))
                #expect(Set(try await device.installed()) == expected, "card \(device.eid.digits)")
            }
        }

        /// (b) 4 of 14 profiles of T-LAST are ordered first; then 50 concurrent DownloadOrders by
        /// profile type, alternating between the two nodes' ES2+ listeners, compete for the last 10.
        func lastProfiles(es2: [ES2PlusHTTPClient], iccids: [ICCID]) async throws {
            for _ in 0..<4 {
                _ = try await es2[0].downloadOrder(DownloadOrderRequest(profileType: "T-LAST"), caller: es2Caller(Self.operatorName))
            }
            let outcomes = await withTaskGroup(of: Result<ICCID, any Error>.self) { group in
                for call in 0..<50 {
                    group.addTask {
                        do {
                            return .success(try await es2[call % 2].downloadOrder(
                                DownloadOrderRequest(profileType: "T-LAST"), caller: es2Caller(Self.operatorName)).iccid)
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var outcomes: [Result<ICCID, any Error>] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let ordered = outcomes.compactMap { try? $0.get() }
            let refusals = outcomes.compactMap { outcome -> (any Error)? in
                if case .failure(let error) = outcome { return error }
                return nil
            }
            #expect(ordered.count == 10, "\(ordered.count) orders succeeded")
            #expect(Set(ordered) == Set(iccids.suffix(10)), "the ten profiles left, each once: \(ordered.map(\.paddedDigits))")
            #expect(refusals.count == 40)
            for refusal in refusals {
                let status = (refusal as? any StatusCodeConvertible)?.statusCode
                #expect(status?.subjectCode == StatusCode.profileTypeUnavailable.subjectCode
                            && status?.reasonCode == StatusCode.profileTypeUnavailable.reasonCode,
                        "expected 8.2.5/3.7 (no profile available), got \(refusal)")
            }
        }
    }
}
