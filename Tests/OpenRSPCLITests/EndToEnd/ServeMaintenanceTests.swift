import Foundation
import RSPCore
import RSPStore
import RSPTestSupport
import SMDPPlus
import Testing

@testable import OpenRSPCLI

/// What `serve` does in the background without being asked: its first maintenance pass runs at
/// start, so a store left with expired sessions, events or old history is cleaned as soon as the
/// server is up. Each test fills a store, starts `serve` on it and waits for what must go.
@Suite("openrsp serve purges, in the background, what expired or outlived its retention")
struct ServeMaintenanceTests {
    @Test("at start, serve purges undelivered sessions past their lifetime and delivered ones past the retention; it keeps the rest",
          .timeLimit(.minutes(3)))
    func sessionPurgeAtStart() async throws {
        let now = Date()
        let hour: TimeInterval = 3600
        let retention = SMDPConfiguration.defaultDeliveredSessionRetention
        let sessions: [(name: String, record: SessionRecord, purged: Bool)] = [
            ("undelivered, expired an hour ago", try Self.session(1, expiresAt: now - hour, delivered: false), true),
            ("undelivered, expiring in an hour", try Self.session(2, expiresAt: now + hour, delivered: false), false),
            ("delivered, expired an hour ago", try Self.session(3, expiresAt: now - hour, delivered: true), false),
            ("delivered, expired beyond the retention", try Self.session(4, expiresAt: now - retention - hour, delivered: true), true),
        ]
        try await Scenario.run(["--smds-port", "0"]) { stores in
            for session in sessions { try await stores.smdp.insertSession(session.record) }
        } remaining: { stores in
            var found: [String] = []
            for session in sessions where session.purged {
                if try await stores.smdp.session(transactionId: session.record.transactionId) != nil { found.append(session.name) }
            }
            return found
        } afterwards: { stores in
            for session in sessions where !session.purged {
                let kept = try await stores.smdp.session(transactionId: session.record.transactionId)
                #expect(kept != nil, "\(session.name) was purged")
            }
        }
    }

    @Test("at start, serve purges ES2+ function-call records and delivered callbacks older than the retention; it keeps newer ones",
          .timeLimit(.minutes(3)))
    func historyPurgeAtStart() async throws {
        let now = Date()
        let old = now - SMDPConfiguration.defaultHistoryRetention - 3600
        func call(_ id: String, at date: Date) -> FunctionCallRecord {
            FunctionCallRecord(requester: "OPERATOR", function: "confirmOrder", callId: id,
                               requestHash: [UInt8](repeating: 7, count: 32), outcome: [0x30, 0x00], createdAt: date)
        }
        // The callbacks are purged after the function calls, in transactions of their own: the
        // pass is over when serve logs it.
        try await Scenario.run(["--smds-port", "0"], logged: "purgeHistory") { stores in
            _ = try await stores.smdp.recordFunctionCall(call("old", at: old))
            _ = try await stores.smdp.recordFunctionCall(call("recent", at: now - 3600))
            for delivered in [old, now - 3600] {
                let callback = try await stores.smdp.enqueueCallback(CallbackRecord(
                    operatorName: "OPERATOR", url: "https://operator.example.test/progress", body: Array("{}".utf8),
                    createdAt: delivered, nextAttemptAt: delivered))
                try await stores.smdp.markCallbackDelivered(id: callback.id, at: delivered)
            }
        } remaining: { stores in
            try await stores.smdp.functionCall(requester: "OPERATOR", function: "confirmOrder", callId: "old") == nil ? [] : ["old call"]
        } afterwards: { stores in
            let recent = try await stores.smdp.functionCall(requester: "OPERATOR", function: "confirmOrder", callId: "recent")
            #expect(recent != nil)
            // The old delivered callback went with the purge: the recent one is all that is left to delete.
            #expect(try await stores.smdp.deleteDeliveredCallbacks(deliveredBefore: now, limit: 10) == 1)
        }
    }

    @Test("at start, serve's SM-DS purges the ES11 sessions and the events whose lifetime ended; it keeps the rest",
          .timeLimit(.minutes(3)))
    func smdsPurgeAtStart() async throws {
        let now = Date()
        let eid = try EID(prefix: "89049032", individualNumber: 4_242)
        func session(_ n: UInt8, expiresAt: Date) throws -> SMDSSessionRecord {
            SMDSSessionRecord(
                transactionId: try TransactionID(bytes: [0x53, 0x44, n]), state: .initiated, euiccChallenge: Array(0..<16),
                serverChallenge: Array(16..<32), ciPKId: Array(repeating: 0xF5, count: 20), euiccSVN: [2, 2, 2],
                createdAt: expiresAt - 300, expiresAt: expiresAt)
        }
        func event(_ id: String, expiresAt: Date) -> EventRecord {
            EventRecord(eventId: id, eid: eid, rspServerAddress: "smdp.example.test", registeredBy: "smdp.example.test",
                        createdAt: expiresAt - 86_400, expiresAt: expiresAt)
        }
        let expiredSession = try session(1, expiresAt: now - 60)
        let liveSession = try session(2, expiresAt: now + 3600)
        let expiredEvent = event("EXPIRED", expiresAt: now - 60)
        let liveEvent = event("LIVE", expiresAt: now + 86_400)
        try await Scenario.run([], listening: 2) { stores in
            for record in [expiredSession, liveSession] { try await stores.smds.insertSMDSSession(record) }
            for record in [expiredEvent, liveEvent] { try await stores.smds.insertEvent(record) }
        } remaining: { stores in
            (try await stores.smds.smdsSession(transactionId: expiredSession.transactionId) == nil ? [] : ["session"])
                + (try await stores.smds.event(eventId: expiredEvent.eventId) == nil ? [] : ["event"])
        } afterwards: { stores in
            let session = try await stores.smds.smdsSession(transactionId: liveSession.transactionId)
            let event = try await stores.smds.event(eventId: liveEvent.eventId)
            #expect(session != nil && event != nil)
        }
    }

    /// A data directory with one imported profile, filled by `fill`; then `serve` (ES2+ off, plus
    /// `arguments`) runs on it until `remaining` finds nothing left and, when `logged` is given,
    /// serve's log has that line (polled every 200 ms, for 60 s at most), and `afterwards` checks
    /// what must have stayed.
    enum Scenario {
        static func run(
            _ arguments: [String], listening: Int = 1, logged: String? = nil,
            fill: (OpenedStores) async throws -> Void,
            remaining: (OpenedStores) async throws -> [String],
            afterwards: (OpenedStores) async throws -> Void
        ) async throws {
            let processes = try OpenRSPProcesses()
            defer { processes.killAll() }
            let site = ServeProcessTests.Site(processes: processes, base: try LoopbackPorts.freeBlock(4))
            try await processes.succeed(
                ["profiles", "import", "--data", site.data, "--owner", "001-01", "--profile-type", "T-PURGE", ServeProcessTests.profile])
            let location = StoreLocation.sqlite(dataDirectory: URL(fileURLWithPath: site.data))
            try await location.withOpened(fill)

            let serve = try await site.startServe(
                ["--es2-port", "0"] + arguments, listening: Array(site.base..<site.base + listening))
            let deadline = ContinuousClock.now + .seconds(60)
            var left: [String] = []
            repeat {
                left = try await location.withOpened(remaining)
                if let logged, !serve.stderr.contains(logged) { left.append("log line \(logged)") }
                if !left.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
            } while !left.isEmpty && ContinuousClock.now < deadline
            #expect(left.isEmpty, "not purged: \(left); serve's log: \(serve.stderr)")
            try await location.withOpened(afterwards)
        }
    }

    static func session(_ n: UInt8, expiresAt: Date, delivered: Bool) throws -> SessionRecord {
        SessionRecord(
            transactionId: try TransactionID(bytes: [0x50, 0x55, 0x52, 0x47, n]), state: delivered ? .bound : .initiated,
            euiccChallenge: Array(0..<16), serverChallenge: Array(16..<32), ciPKId: Array(repeating: 0xF5, count: 20),
            euiccSVN: [2, 2, 2], matchingId: "PURGE-\(n)", euiccOtpk: delivered ? [0x04] + Array(repeating: 0x77, count: 64) : nil,
            createdAt: expiresAt - 300, expiresAt: expiresAt)
    }
}
