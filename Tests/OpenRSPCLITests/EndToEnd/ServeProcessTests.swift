import Foundation
import Logging
import RSPCore
import RSPCrypto
import RSPHTTP
import RSPTestSupport
import Testing

@testable import OpenRSPCLI

/// The real `openrsp` binary as separate processes: `serve` killed with SIGKILL and restarted on
/// the same data directory, `es2` and `lpa` as an operator and a device would run them.
@Suite("openrsp serve as a process: outbox across SIGKILL, ES2+ refusals, --role smds")
struct ServeProcessTests {
    static let profile = Vectors.profiles.appendingPathComponent("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der").path
    static let secondProfile = Vectors.profiles.appendingPathComponent("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der").path

    /// A data directory, a software eUICC and the ports of one `serve` (PORT…PORT+3).
    struct Site {
        let processes: OpenRSPProcesses
        let base: Int
        var data: String { processes.directory.appendingPathComponent("data").path }
        var card: String { processes.directory.appendingPathComponent("card").path }
        var ci: String { data + "/pki/CERT_CI_ECDSA_NIST.pem" }
        var smds: String { "localhost:\(base + 1)" }

        func serveArguments(_ extra: [String] = []) -> [String] {
            ["serve", "--data", data, "--host", "127.0.0.1", "--port", "\(base)"] + extra
        }

        /// `es2 FUNCTION` as the operator whose certificate and key are `directory`/operator.{pem,key}.
        func es2(_ function: String, as directory: String, _ arguments: [String]) -> [String] {
            ["es2", function, "--server", "localhost:\(base + 3)",
             "--operator-cert", directory + "/" + OperatorFiles.certificateName,
             "--operator-key", directory + "/" + OperatorFiles.keyName, "--ca", ci] + arguments
        }

        func operatorDirectory(_ name: String) -> String { data + "/operators/" + name }

        func lpa(_ arguments: [String]) -> [String] { ["lpa", "--euicc", card, "--ca", ci] + arguments }

        /// Starts `serve` and waits until it announced itself and `listening` accept connections.
        /// A start that fails early (a port not yet released) is retried until the deadline.
        func startServe(_ extra: [String] = [], listening: [Int], timeout: Duration = .seconds(60)) async throws -> OpenRSPProcess {
            let deadline = ContinuousClock.now + timeout
            for attempt in 1... {
                let serve = try processes.spawn(serveArguments(extra))
                do {
                    try await serve.wait(for: "listeners on \(listening)", timeout: deadline - ContinuousClock.now) {
                        serve.stdout.contains("data:") && listening.allSatisfy(LoopbackPorts.accepts)
                    }
                    return serve
                } catch let error as ProcessTimeout {
                    guard !serve.isRunning, attempt < 5, ContinuousClock.now < deadline else { throw error }
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
            fatalError("unreachable")
        }
    }

    /// The operator's HandleDownloadProgressInfo endpoint: records every report in arrival order.
    actor ProgressRecorder: ES2PlusOperatorService {
        private(set) var reports: [HandleDownloadProgressInfoRequest] = []
        private(set) var requesters: [String] = []

        func handleDownloadProgressInfo(_ request: HandleDownloadProgressInfoRequest, header: ES2PlusRequestHeader) async throws {
            reports.append(request)
            requesters.append(header.functionRequesterIdentifier)
        }
    }

    static func executionStatus(_ result: CommandResult) throws -> (status: String?, subject: String?, reason: String?) {
        let status = (try result.jsonObject()["header"] as? [String: Any])?["functionExecutionStatus"] as? [String: Any]
        let data = status?["statusCodeData"] as? [String: Any]
        return (status?["status"] as? String, data?["subjectCode"] as? String, data?["reasonCode"] as? String)
    }

    static func expectFailed(
        _ result: CommandResult, subject: String, reason: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.status == 1 && !result.signalled, "\(result)", sourceLocation: sourceLocation)
        let status = try executionStatus(result)
        #expect(status.status == "Failed", "\(result)", sourceLocation: sourceLocation)
        #expect(status.subject == subject && status.reason == reason, "\(result)", sourceLocation: sourceLocation)
    }

    @Test("the callback outbox survives SIGKILL: progress 1, 3, 4 reach the operator once each after the restart",
          .timeLimit(.minutes(5)))
    func outboxSurvivesSIGKILL() async throws {
        let processes = try OpenRSPProcesses()
        defer { processes.killAll() }
        // PORT…PORT+3 for serve, PORT+4 for the operator's callback endpoint (nothing listens there yet).
        let site = Site(processes: processes, base: try LoopbackPorts.freeBlock(5))
        let callbackPort = site.base + 4
        // Held until the receiver binds it: nothing else takes it while the server fails to deliver.
        let callbackReservation = try LoopbackPorts.Reservation(callbackPort)
        try await processes.succeed(
            ["profiles", "import", "--data", site.data, "--owner", "001-01", "--profile-type", "T-KILL", Self.profile])
        try await processes.succeed(
            ["operator", "add", "op1", "--data", site.data, "--po-id", "001-01", "--callback-url", "https://localhost:\(callbackPort)"])
        try await processes.succeed(["euicc", "init", "--dir", site.card, "--pki", site.data + "/pki"])
        let eid = try #require(try await processes.succeed(["lpa", "--euicc", site.card, "info", "--json"]).jsonObject()["eid"] as? String)

        let serveArguments = ["--callback-backoff-cap", "1"]
        let allPorts = Array(site.base...site.base + 3)
        let firstServe = try await site.startServe(serveArguments, listening: allPorts)

        // The operator orders by type for the card's EID, confirms with a code and the SM-DS.
        let op1 = site.operatorDirectory("op1")
        let ordered = try await processes.succeed(site.es2("order", as: op1, ["--eid", eid, "--profile-type", "T-KILL"]))
        let iccid = try #require(try ordered.jsonObject()["iccid"] as? String)
        let confirmed = try await processes.succeed(site.es2("confirm", as: op1, [
            "--iccid", iccid, "--eid", eid, "--confirmation-code", "4711", "--smds-address", site.smds,
        ]))
        #expect(try Self.executionStatus(confirmed).status == "Executed-Success")

        // The device finds the event and installs; the installation result reaches the SM-DP+.
        let installed = try await processes.succeed(site.lpa(
            ["download", "--from-event", "--smds", site.smds, "--confirmation-code", "4711", "--json"]))
        #expect(try installed.jsonObject()["iccid"] as? String == iccid)
        #expect(try installed.jsonObject()["installationResultDelivered"] as? Bool == true)

        // The outbox tried and failed (no receiver yet); the server dies without any shutdown.
        try await firstServe.wait(for: "a failed callback delivery", timeout: .seconds(60)) {
            firstServe.stderr.contains("handleDownloadProgressInfo failed")
        }
        firstServe.signal(SIGKILL)
        let killed = try await firstServe.waitForExit(timeout: .seconds(10))
        #expect(killed.signalled && killed.status == SIGKILL, "\(killed)")

        // The operator's endpoint comes up (TLS certificate from the data directory's CI), then the server again.
        let pki = try RSPPKIDirectory.load(from: URL(fileURLWithPath: site.data + "/pki"))
        let recorder = ProgressRecorder()
        var logger = Logger(label: "openrsp.test.operator")
        logger.logLevel = .critical
        callbackReservation.release()
        let receiver = RSPServer(
            routeGroups: [ES2PlusOperatorRoutes(service: recorder)], host: "127.0.0.1", port: callbackPort,
            tls: TLSOptions(identity: pki.dpTLS, chain: [pki.ci.certificate]), logger: logger)
        let receiving = try await RunningServices.start([receiver], logger: logger)
        // The server goes first: the receiver's graceful shutdown would wait for its idle keep-alive connection.
        func stopAll() async {
            processes.killAll()
            await receiving.stop()
        }
        let events: CommandResult
        do {
            let secondServe = try await site.startServe(serveArguments, listening: allPorts)
            try await secondServe.wait(for: "three progress callbacks", timeout: .seconds(60)) {
                await recorder.reports.count >= 3
            }
            // Several outbox rounds (every 500 ms) more: nothing is delivered twice.
            try await Task.sleep(for: .milliseconds(1_500))
            // The SM-DS event was consumed by the download.
            events = try await processes.succeed(site.lpa(["discover", "--smds", site.smds, "--json"]))
            secondServe.signal(SIGKILL)
            try await secondServe.waitForExit(timeout: .seconds(10))
        } catch {
            await stopAll()
            throw error
        }
        await receiving.stop()

        let reports = await recorder.reports
        #expect(reports.map(\.notificationPointId) == [.eligibilityAndRetryLimitCheck, .bppDownload, .bppInstallation])
        for report in reports {
            #expect(report.iccid.paddedDigits == iccid)
            #expect(report.eid?.digits == eid)
            #expect(report.profileType == "T-KILL")
            #expect(report.notificationPointStatus == .executedSuccess)
        }
        #expect(reports.last?.resultData?.isEmpty == false, "point 4 carries the eUICC's ProfileInstallationResult")
        #expect(await recorder.requesters == Array(repeating: "localhost:\(site.base)", count: reports.count))
        #expect(try events.jsonArray().isEmpty, "\(events)")
    }

    @Test("es2 through the binary: unregistered operator, foreign CI, another owner's profile, a repeated call id",
          .timeLimit(.minutes(5)))
    func es2Refusals() async throws {
        let processes = try OpenRSPProcesses()
        defer { processes.killAll() }
        let site = Site(processes: processes, base: try LoopbackPorts.freeBlock(4))
        let imported = try await processes.succeed([
            "profiles", "import", "--data", site.data, "--owner", "001-01", "--profile-type", "T-NEG", Self.profile,
            Self.secondProfile,
        ])
        let iccids = imported.stdout.split(separator: "\n").compactMap { line -> String? in
            line.hasPrefix("✓ ") ? line.dropFirst(2).split(separator: " ").first.map(String.init) : nil
        }
        try #require(iccids.count == 2, "\(imported)")
        try await processes.succeed(["operator", "add", "op1", "--data", site.data, "--po-id", "001-01"])
        try await processes.succeed(["operator", "add", "op2", "--data", site.data, "--po-id", "002-02"])

        // Client certificates outside DATA/operators (which the ES2+ listener trusts as roots).
        let pki = try RSPPKIDirectory.load(from: URL(fileURLWithPath: site.data + "/pki"))
        let ghost = processes.directory.appendingPathComponent("ghost")
        try OperatorFiles.write(
            try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "ghost", organization: "ghost", issuer: pki.ci), to: ghost)
        // Another CI, and the name of a registered operator: only the chain decides, in the handshake.
        let foreignCI = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: "localhost")).ci
        let foreign = processes.directory.appendingPathComponent("foreign")
        try OperatorFiles.write(
            try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "op1", organization: "op1", issuer: foreignCI), to: foreign)

        _ = try await site.startServe(listening: Array(site.base...site.base + 3))

        let unregistered = try await processes.run(site.es2("order", as: ghost.path, ["--profile-type", "T-NEG"]))
        try Self.expectFailed(unregistered, subject: "1.1", reason: "1.1")

        let untrusted = try await processes.run(site.es2("order", as: foreign.path, ["--profile-type", "T-NEG"]))
        #expect(untrusted.status != 0 && !untrusted.signalled, "\(untrusted)")
        #expect(!untrusted.stdout.contains("functionExecutionStatus"), "no ES2+ answer without a trusted certificate: \(untrusted)")
        #expect(untrusted.stderr.lowercased().contains("handshake"), "\(untrusted)")

        let otherOwner = try await processes.run(site.es2("order", as: site.operatorDirectory("op2"), ["--iccid", iccids[0]]))
        try Self.expectFailed(otherOwner, subject: "8.2.1", reason: "1.2")

        let callId = "CALL-\(UUID().uuidString)"
        let op1 = site.operatorDirectory("op1")
        let first = try await processes.succeed(site.es2("order", as: op1, ["--profile-type", "T-NEG", "--call-id", callId]))
        let repeated = try await processes.succeed(site.es2("order", as: op1, ["--profile-type", "T-NEG", "--call-id", callId]))
        #expect(repeated.stdout == first.stdout)
        let ordered = try #require(try first.jsonObject()["iccid"] as? String)
        #expect(iccids.contains(ordered))

        let inventory = try await processes.succeed(["profiles", "list", "--data", site.data, "--json"]).jsonArray()
        let states = Dictionary(uniqueKeysWithValues: inventory.compactMap { row -> (String, String)? in
            guard let row = row as? [String: Any], let iccid = row["iccid"] as? String, let state = row["state"] as? String else { return nil }
            return (iccid, state)
        })
        #expect(states.count == 2)
        #expect(states.filter { $0.value != "available" }.map(\.key) == [ordered], "one profile reserved: \(states)")
    }

    @Test("an operator registered with its own certificate and CA while serve runs is trusted from its next connection, without a restart",
          .timeLimit(.minutes(5)))
    func operatorAddedWhileServing() async throws {
        let processes = try OpenRSPProcesses()
        defer { processes.killAll() }
        let site = Site(processes: processes, base: try LoopbackPorts.freeBlock(4))
        try await processes.succeed([
            "profiles", "import", "--data", site.data, "--owner", "001-01", "--profile-type", "T-LIVE", Self.profile,
        ])
        // The operator's own CA, which the SM-DP+'s CI did not issue.
        let ownCA = try RSPPKI.generate(RSPPKI.Parameters(smdpHost: "localhost")).ci
        let brought = processes.directory.appendingPathComponent("brought")
        try OperatorFiles.write(
            try RSPCertificateIssuer.issueTLSClientCertificate(commonName: "op3", organization: "op3", issuer: ownCA), to: brought)
        let caDirectory = processes.directory.appendingPathComponent("own-ca")
        try OperatorFiles.write(certificate: ownCA.certificate, ca: ownCA.certificate, to: caDirectory)

        let serve = try await site.startServe(listening: Array(site.base...site.base + 3))

        let before = try await processes.run(site.es2("order", as: brought.path, ["--profile-type", "T-LIVE"]))
        #expect(before.status != 0 && !before.signalled, "\(before)")
        #expect(before.stderr.lowercased().contains("handshake"), "refused by TLS before registration: \(before)")

        try await processes.succeed([
            "operator", "add", "op3", "--data", site.data, "--po-id", "001-01",
            "--certificate", brought.appendingPathComponent(OperatorFiles.certificateName).path,
            "--certificate-ca", caDirectory.appendingPathComponent(OperatorFiles.caName).path,
        ])
        let after = try await processes.succeed(site.es2("order", as: brought.path, ["--profile-type", "T-LIVE"]))
        #expect(try after.jsonObject()["iccid"] is String, "\(after)")
        #expect(serve.isRunning, "the same serve process answered")
    }

    @Test("serve --role smds: only ES11 and ES12 listen, and only the SM-DS is announced", .timeLimit(.minutes(3)))
    func smdsRole() async throws {
        let processes = try OpenRSPProcesses()
        defer { processes.killAll() }
        let site = Site(processes: processes, base: try LoopbackPorts.freeBlock(4))
        let serve = try await site.startServe(["--role", "smds"], listening: [site.base + 1, site.base + 2])
        // The services of one ServiceGroup start together; give any stray listener a moment to appear.
        try await Task.sleep(for: .milliseconds(500))
        #expect(!LoopbackPorts.accepts(site.base), "ES9+ must not listen")
        #expect(!LoopbackPorts.accepts(site.base + 3), "ES2+ must not listen")
        #expect(serve.isRunning)

        // The listener announcements (other lines, like the data directory's, are not about listeners).
        let lines = serve.stdout.split(separator: "\n").map(String.init).filter { $0.contains(" on http") }
        #expect(lines.count == 1, "\(serve.stdout)")
        #expect(lines.first?.hasPrefix("SM-DS") == true, "\(lines)")
        #expect(lines.first?.contains("ES11 on https://127.0.0.1:\(site.base + 1)") == true, "\(lines)")
        #expect(lines.first?.contains("ES12 (mutual TLS) on https://127.0.0.1:\(site.base + 2)") == true, "\(lines)")
        #expect(!serve.stdout.contains("SM-DP+") && !serve.stdout.contains("ES9+") && !serve.stdout.contains("ES2+"))
    }
}
