import Foundation
import LPA
import RSPCore
import RSPCrypto
import RSPHTTP
import RSPStore
import RSPTestSupport
import Synchronization
import Testing

@testable import OpenRSPCLI

extension ScaleOut {
    /// `openrsp serve` killed with SIGKILL at random instants while operators order and devices
    /// download, then restarted on the same data directory and store — 20 times in a row. Afterwards
    /// nothing acknowledged is lost, no profile went to two orders or two eUICCs, every order can
    /// continue or has ended (or will expire), a new download succeeds and the callback outbox
    /// delivers every completed download's reports, in order.
    ///
    /// The kill delays come from a seed printed with every failure; OPENRSP_CRASH_SEED=N repeats them
    /// (the instants the kills hit still depend on the machine's timing).
    @Suite("Crash consistency: serve SIGKILLed 20 times during orders, downloads and callbacks", .serialized)
    struct CrashConsistency {
        @Test("SQLite: after 20 SIGKILLs nothing acknowledged is lost, no ICCID twice, every order usable, new downloads and the outbox work",
              .timeLimit(.minutes(15)))
        func sqlite() async throws {
            try await CrashRun(store: .sqlite).run()
        }

        @Test("PostgreSQL: after 20 SIGKILLs nothing acknowledged is lost, no ICCID twice, every order usable, new downloads and the outbox work",
              .enabled(if: ScaleOut.Postgres.isConfigured, "needs OPENRSP_POSTGRES_URL"), .timeLimit(.minutes(15)))
        func postgres() async throws {
            let database = try await ScratchDatabase.create("crash")
            do {
                try await CrashRun(store: .postgres(database)).run()
            } catch {
                await database.drop()
                throw error
            }
            await database.drop()
        }
    }

    /// What the operator and the devices were told, as they were told it.
    final class CrashLedger: Sendable {
        struct Installed: Sendable {
            let iccid: ICCID
            let eid: EID
            let delivered: Bool
        }

        private struct State {
            /// ES2+.DownloadOrder answered success: (ICCID, the EID it was ordered for).
            var ordered: [(ICCID, EID)] = []
            /// ES2+.ConfirmOrder answered success: (ICCID, matchingId).
            var confirmed: [(ICCID, String)] = []
            /// The LPA reported the profile installed.
            var installed: [Installed] = []
            /// Orders given up: the SM-DP+ answered a download or a confirmation with a status.
            var abandoned: [String] = []
            /// Calls that failed because the server was not there (each was retried).
            var transportFailures = 0
            /// Failures the test does not expect at all.
            var unexpected: [String] = []
            /// Figures for the summary (OPENRSP_SCALEOUT_VERBOSE).
            var figures: [String: Int] = [:]
        }

        private let state = Mutex(State())

        func ordered(_ iccid: ICCID, for eid: EID) { state.withLock { $0.ordered.append((iccid, eid)) } }
        func confirmed(_ iccid: ICCID, matchingId: String) { state.withLock { $0.confirmed.append((iccid, matchingId)) } }
        func installed(_ entry: Installed) { state.withLock { $0.installed.append(entry) } }
        func abandoned(_ what: String) { state.withLock { $0.abandoned.append(what) } }
        func transportFailure() { state.withLock { $0.transportFailures += 1 } }
        func unexpected(_ what: String) { state.withLock { $0.unexpected.append(what) } }
        func count(_ figure: String, _ amount: Int = 1) { state.withLock { $0.figures[figure, default: 0] += amount } }

        var orderedICCIDs: [(ICCID, EID)] { state.withLock { $0.ordered } }
        var confirmations: [(ICCID, String)] { state.withLock { $0.confirmed } }
        var installations: [Installed] { state.withLock { $0.installed } }
        var abandonedOrders: [String] { state.withLock { $0.abandoned } }
        var transportFailures: Int { state.withLock { $0.transportFailures } }
        var unexpectedFailures: [String] { state.withLock { $0.unexpected } }
        var figures: [String: Int] { state.withLock { $0.figures } }
    }

    /// One crash run on one store.
    struct CrashRun {
        static let kills = 20
        static let devices = 4
        /// More than the devices order during the run (at most about 370 in a debug build alone on 2
        /// cores); the workers stop `reserve` before the end, for the checks' own download.
        static let profiles = 600
        static let reserve = 20
        static let profileType = "T-CRASH"
        static let operatorName = "op1"
        /// Kill delays after the server listens again, in milliseconds.
        static let killDelay = 150...1_500

        let store: ServeStore

        func run() async throws {
            let processes = try OpenRSPProcesses()
            do {
                try await run(processes)
            } catch {
                processes.killAll()
                throw error
            }
            processes.killAll()
        }

        private func run(_ processes: OpenRSPProcesses) async throws {
            let started = ContinuousClock.now
            let seed = ProcessInfo.processInfo.environment["OPENRSP_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
            let context = "seed \(seed) (OPENRSP_CRASH_SEED=\(seed) repeats the kill delays), store \(store)"
            var random = SplitMix64(state: seed)

            // ES9+ on PORT, ES2+ on PORT+1; the operator's callback endpoint on a port the system
            // gives it, bound before `operator add` names it (a port picked free and bound only after
            // the import was once taken in between on CI, by another suite running at the same time).
            let port = try LoopbackPorts.freeBlock(2)
            let data = processes.directory.appendingPathComponent("data").path
            let address = "localhost:\(port)"
            let common = ["--data", data] + store.arguments + ["--smdp-address", address]
            if case .postgres = store {
                try await processes.succeed(["db", "migrate", "--data", data] + store.arguments)
            }
            let packages = processes.directory.appendingPathComponent("profiles")
            try ProfileBatch.write(count: Self.profiles, series: 3, to: packages)
            try await processes.succeed(
                ["profiles", "import"] + common + ["--owner", "001-01", "--profile-type", Self.profileType, packages.path],
                timeout: .seconds(180))
            let pki = try RSPPKIDirectory.load(from: URL(fileURLWithPath: data + "/pki"))
            let location = try store.location(data: data)

            // The operator's endpoint is up for the whole run: only the SM-DP+ dies.
            let progress = ProgressLog()
            let endpoint = try await startCallbackEndpoint(progress, port: 0, pki: pki)
            do {
                try await processes.succeed(
                    ["operator", "add", Self.operatorName] + common
                        + ["--po-id", "001-01", "--callback-url", "https://localhost:\(endpoint.ports[0])"])
            } catch {
                await endpoint.stop()
                throw error
            }
            let serveArguments = common + [
                "--node-id", "crash-node", "--host", "127.0.0.1", "--port", "\(port)", "--es2-port", "\(port + 1)",
                "--smds-port", "0", "--order-lifetime-days", "1", "--callback-backoff-cap", "1",
            ]
            let listening = [port, port + 1]
            let es9HTTP = try es9Client(port: port, pki: pki)
            let es9 = CancelKeepingES9PlusService(es9HTTP)
            let es2 = try operatorClient(name: Self.operatorName, data: data, port: port + 1, pki: pki)
            func stop() async {
                processes.killAll()  // serve first: the endpoint's graceful shutdown waits for its idle connections
                try? await es9HTTP.shutdown()
                try? await es2.shutdown()
                await endpoint.stop()
            }
            do {
                var devices: [TestDevice] = []
                for number in 0..<Self.devices {
                    devices.append(try await TestDevice.make(
                        number: UInt64(7_000 + number), pki: pki, maximumProfiles: Self.profiles, server: { _ in es9 }))
                }
                let prepared = secondsSince(started)
                var serve = try await ServeNode.start(processes, serveArguments, listening: listening)

                // Operators and devices work throughout; the server dies under them.
                let ledger = CrashLedger()
                let stopping = Locked(false)
                let workDeadline = ContinuousClock.now + .seconds(150)
                let workers = devices
                let work = Task {
                    await withTaskGroup(of: Void.self) { group in
                        for device in workers {
                            group.addTask {
                                while !stopping.value, ContinuousClock.now < workDeadline,
                                      ledger.orderedICCIDs.count < Self.profiles - Self.reserve {
                                    guard await orderAndDownload(device, es2: es2, address: address, ledger: ledger, until: workDeadline)
                                    else { break }
                                }
                            }
                        }
                    }
                }
                var killedAt: [Double] = []
                do {
                    for _ in 1...Self.kills {
                        try await Task.sleep(for: .milliseconds(Int.random(in: Self.killDelay, using: &random)))
                        killedAt.append(secondsSince(started))
                        let killed = try await ServeNode.kill(serve)
                        #expect(killed.signalled && killed.status == SIGKILL, "\(killed) — \(context)")
                        serve = try await ServeNode.start(processes, serveArguments, listening: listening)
                    }
                } catch {
                    stopping.withLock { $0 = true }
                    await work.value
                    throw error
                }
                let killing = secondsSince(started)
                stopping.withLock { $0 = true }
                await work.value
                let verbose = ProcessInfo.processInfo.environment["OPENRSP_SCALEOUT_VERBOSE"] != nil
                if verbose {
                    print("crash run (\(store)): " + String(
                        format: "prepared %.1f s, %d kills done at %.1f s, work drained at %.1f s; %d ordered, %d installed, %d abandoned, %d transport failures",
                        prepared, Self.kills, killing, secondsSince(started), ledger.orderedICCIDs.count,
                        ledger.installations.count, ledger.abandonedOrders.count, ledger.transportFailures) + "; \(context)")
                    print("  kills at \(killedAt.map { String(format: "%.1f", $0) }.joined(separator: " ")) s")
                    print("  abandoned: \(ledger.abandonedOrders.prefix(10))")
                }
                try await check(
                    devices: devices, ledger: ledger, progress: progress, keeper: es9, es9: es9HTTP, es2: es2, address: address,
                    location: location, context: context)
                #expect(serve.isRunning, "the last server still runs: \(serve.stderr.suffix(2_000)) — \(context)")
                if verbose {
                    print("  checked at \(String(format: "%.1f", secondsSince(started))) s: \(ledger.figures.sorted { $0.key < $1.key })")
                }
            } catch {
                await stop()
                throw error
            }
            await stop()
        }

        /// One order and its download as an operator and a device would do them against a server
        /// that may vanish: every call that gets no answer is repeated (ES2+ with the same
        /// functionCallIdentifier, so a repeated call is the same call), a refusal ends the order.
        /// Returns false when the worker should stop (no profile left, or the deadline passed).
        func orderAndDownload(
            _ device: TestDevice, es2: ES2PlusHTTPClient, address: String, ledger: CrashLedger, until deadline: ContinuousClock.Instant
        ) async -> Bool {
            func counting<T>(_ body: () async throws -> T) async throws -> T {
                do {
                    return try await body()
                } catch {
                    if isTransportFailure(error) { ledger.transportFailure() }
                    throw error
                }
            }
            let orderCall = es2Caller(Self.operatorName)
            let iccid: ICCID
            do {
                iccid = try await retryingTransportFailures(until: deadline) {
                    try await counting {
                        try await es2.downloadOrder(DownloadOrderRequest(eid: device.eid, profileType: Self.profileType), caller: orderCall)
                    }
                }.iccid
            } catch {
                if !isTransportFailure(error) { ledger.unexpected("downloadOrder refused: \(error)") }
                return false
            }
            ledger.ordered(iccid, for: device.eid)

            let confirmCall = es2Caller(Self.operatorName)
            let confirmed: ConfirmOrderResponse
            do {
                confirmed = try await retryingTransportFailures(until: deadline) {
                    try await counting {
                        try await es2.confirmOrder(ConfirmOrderRequest(iccid: iccid, eid: device.eid, releaseFlag: true), caller: confirmCall)
                    }
                }
            } catch {
                if isTransportFailure(error) { return false }
                ledger.abandoned("\(iccid.paddedDigits) confirmOrder: \(error)")
                return true
            }
            ledger.confirmed(iccid, matchingId: confirmed.matchingId)

            let code = ActivationCode(smdpAddress: confirmed.smdpAddress ?? address, matchingID: confirmed.matchingId)
            while true {
                do {
                    let result = try await device.lpa.download(activationCode: code, confirmationCode: nil)
                    if result.iccid != iccid { ledger.unexpected("ordered \(iccid), installed \(result.iccid)") }
                    ledger.installed(.init(iccid: result.iccid, eid: device.eid, delivered: result.installationResultDelivered))
                    return true
                } catch LPAError.serverUnreachable {
                    ledger.transportFailure()
                    guard ContinuousClock.now < deadline else { return false }
                    try? await Task.sleep(for: .milliseconds(100))
                } catch LPAError.server(let status, let function) {
                    // E.g. the server had bound the profile when it died: the order cannot be downloaded again.
                    ledger.abandoned("\(iccid.paddedDigits) \(function): \(status.subjectCode)/\(status.reasonCode) \(status.message ?? "")")
                    return true
                } catch {
                    ledger.unexpected("download of \(iccid.paddedDigits) on \(device.eid.digits): \(error)")
                    return true
                }
            }
        }

        /// The checks, with the last server up.
        func check(
            devices: [TestDevice], ledger: CrashLedger, progress: ProgressLog, keeper: CancelKeepingES9PlusService,
            es9: ES9PlusHTTPClient, es2: ES2PlusHTTPClient, address: String, location: StoreLocation, context: String
        ) async throws {
            #expect(ledger.unexpectedFailures.isEmpty, "\(ledger.unexpectedFailures.prefix(5)) — \(context)")
            #expect(ledger.installations.count >= 10, "too few downloads to say anything: \(ledger.installations.count) — \(context)")
            #expect(ledger.transportFailures > 0, "no call was ever interrupted by a kill — \(context)")

            try await deliverOwed(devices: devices, keeper: keeper, es9: es9, ledger: ledger, context: context)

            // A download started now, after the last restart, succeeds (and is checked below with the others).
            let fresh = devices[0]
            let ordered = try await es2.downloadOrder(
                DownloadOrderRequest(eid: fresh.eid, profileType: Self.profileType), caller: es2Caller(Self.operatorName))
            ledger.ordered(ordered.iccid, for: fresh.eid)
            let confirmed = try await es2.confirmOrder(
                ConfirmOrderRequest(iccid: ordered.iccid, eid: fresh.eid, releaseFlag: true), caller: es2Caller(Self.operatorName))
            ledger.confirmed(ordered.iccid, matchingId: confirmed.matchingId)
            let result = try await fresh.lpa.download(
                activationCode: ActivationCode(smdpAddress: confirmed.smdpAddress ?? address, matchingID: confirmed.matchingId),
                confirmationCode: nil)
            #expect(result.iccid == ordered.iccid && result.installationResultDelivered, "the download after the last restart — \(context)")
            ledger.installed(.init(iccid: result.iccid, eid: fresh.eid, delivered: result.installationResultDelivered))

            var cards: [EID: [ICCID]] = [:]
            for device in devices { cards[device.eid] = try await device.installed() }
            let installed = try await withStore(location) { store in
                try await checkStore(store, cards: cards, ledger: ledger, context: context)
            }
            try await checkOutbox(progress, installed: installed, context: context)
        }

        /// What the devices still owe the server: the ES9+.CancelSession calls the dead servers never
        /// got (the eUICC signed them; `Sources/LPA` drops such a call, this device sends it again
        /// once the server is back, or an order whose BoundProfilePackage answer was lost stays
        /// `downloaded` for good), and the installation results still pending on the cards (§3.5).
        func deliverOwed(
            devices: [TestDevice], keeper: CancelKeepingES9PlusService, es9: ES9PlusHTTPClient, ledger: CrashLedger,
            context: String
        ) async throws {
            let deadline = ContinuousClock.now + .seconds(120)
            for cancellation in keeper.takeUndeliveredCancellations() {
                do {
                    try await retryingTransportFailures(until: deadline) { try await es9.cancelSession(cancellation) }
                    ledger.count("late cancellations accepted")
                } catch let error where !isTransportFailure(error) {
                    // The session had ended otherwise (e.g. the server never saved it): nothing to cancel.
                    ledger.count("late cancellations refused")
                }
            }
            for device in devices {
                let report = try await device.lpa.processNotifications()
                ledger.count("late notifications delivered", report.delivered.count)
                #expect(report.kept.isEmpty, "card \(device.eid.digits) kept notifications: \(report.kept) — \(context)")
            }
        }

        /// The store against what was acknowledged and what the cards hold; returns the ICCIDs of the
        /// installed orders.
        func checkStore(
            _ store: any SMDPStore, cards: [EID: [ICCID]], ledger: CrashLedger, context: String
        ) async throws -> [ICCID] {
            let inventory = try await store.inventory().filter { $0.profile.profileType == Self.profileType }
            #expect(inventory.count == Self.profiles, "\(context)")
            let items = Dictionary(inventory.map { ($0.profile.iccid, $0) }, uniquingKeysWith: { first, _ in first })

            // No acknowledged order is lost, and no ICCID was acknowledged to two orders.
            let ordered = ledger.orderedICCIDs
            let twice = Dictionary(grouping: ordered.map(\.0), by: { $0 }).filter { $0.value.count > 1 }.keys
            #expect(twice.isEmpty, "ICCIDs ordered twice: \(twice.map(\.paddedDigits)) — \(context)")
            for (iccid, eid) in ordered {
                let order = items[iccid]?.order
                #expect(order != nil && order?.eid == eid,
                        "the acknowledged order of \(iccid.paddedDigits) for \(eid.digits): the store has \(String(describing: order)) — \(context)")
            }
            for (iccid, matchingId) in ledger.confirmations {
                let order = try await store.order(matchingId: matchingId)
                let confirmedStates: [ProfileLifecycleState] = [.released, .downloaded, .installed, .error]
                let kept = order.map { $0.iccid == iccid && confirmedStates.contains($0.state) } ?? false
                #expect(kept,
                        "the acknowledged confirmation \(matchingId) of \(iccid.paddedDigits): \(String(describing: order)) — \(context)")
            }

            // Every order can go on (released), has ended, or is pending with an expiry that frees it.
            let acknowledged = Set(ordered.map(\.0))
            for item in inventory {
                guard let order = item.order else { continue }
                // A reservation the operator never heard of (a repeated DownloadOrder acted twice).
                if !acknowledged.contains(order.iccid) { ledger.count("unacknowledged orders (\(order.state))") }
                switch order.state {
                case .released, .installed, .error, .cancelled, .unavailable:
                    break
                case .allocated, .linked, .confirmed:
                    #expect(order.expiresAt != nil, "\(order.iccid.paddedDigits) is \(order.state) without an expiry — \(context)")
                default:
                    Issue.record("\(order.iccid.paddedDigits) is stuck in \(order.state) (\(order.reason ?? "-"), updated \(order.updatedAt)), although every installation result and cancellation was delivered — \(context)")
                }
            }

            // A profile is installed on one card at most: the one its order names, and the store knows.
            var holders: [ICCID: [EID]] = [:]
            for (eid, iccids) in cards { for iccid in iccids { holders[iccid, default: []].append(eid) } }
            for (iccid, eids) in holders {
                #expect(eids.count == 1, "\(iccid.paddedDigits) is installed on \(eids.map(\.digits)) — \(context)")
                let order = items[iccid]?.order
                #expect(order?.state == .installed && order?.eid == eids.first && order?.downloadedBy == eids.first,
                        "\(iccid.paddedDigits) is on card \(eids.first?.digits ?? "-"), the store has \(String(describing: order)) — \(context)")
            }
            let installed = inventory.filter { $0.state == .installed }.map(\.profile.iccid)
            for iccid in installed where holders[iccid] == nil {
                Issue.record("the store says \(iccid.paddedDigits) is installed; no card holds it — \(context)")
            }
            for entry in ledger.installations {
                #expect(items[entry.iccid]?.state == .installed && holders[entry.iccid] == [entry.eid],
                        "the LPA installed \(entry.iccid.paddedDigits) on \(entry.eid.digits) — \(context)")
            }
            return installed
        }

        /// Every installed order's reports reach the operator (at least once each), in the order the
        /// download made them: eligibility (1), BPP download (3), installation (4).
        func checkOutbox(_ progress: ProgressLog, installed: [ICCID], context: String) async throws {
            func missing() -> [ICCID] {
                let reports = progress.byICCID
                return installed.filter { iccid in !(reports[iccid.paddedDigits] ?? []).contains { $0.point == 4 && $0.success } }
            }
            let deadline = ContinuousClock.now + .seconds(120)
            while !missing().isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            let reports = progress.byICCID
            let late = missing()
            let examples = late.prefix(3).map { iccid -> String in "\(iccid.paddedDigits): \(reports[iccid.paddedDigits] ?? [])" }
            #expect(late.isEmpty, "no installation report for \(late.count) of \(installed.count) installed orders, e.g. \(examples) — \(context)")
            for iccid in installed {
                let points = reports[iccid.paddedDigits] ?? []
                let ordered = zip(points, points.dropFirst()).allSatisfy { $0.point <= $1.point }
                let complete = [1, 3, 4].allSatisfy { point in points.contains { $0.point == point && $0.success } }
                #expect(ordered && complete, "\(iccid.paddedDigits) reports \(points) — \(context)")
            }
        }
    }
}
