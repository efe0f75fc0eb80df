import Foundation
import Logging
import RSPCore
import RSPStore

/// Delivers the persisted ES2+.HandleDownloadProgressInfo reports (SGP.22 §5.3.5) to the operators'
/// callback URLs.
///
/// - Per operator strictly in the order the reports were made (store id order): when an
///   operator's oldest undelivered report fails or is not yet due, none of its later ones is
///   sent in that pass. Operators are independent of each other (delivered concurrently).
/// - Each report keeps one functionCallIdentifier, "progress-<id>", across retries, so an operator
///   that got it twice (its answer was lost) can tell.
/// - A failed attempt is retried after min(base · 2^attempts, cap) seconds (attempts made before
///   this one), and its error is kept; nothing is ever deleted, a restart resumes where the last
///   process stopped.
/// - With a `lease`, several nodes on one database share the work: a pass delivers only while its
///   node holds the store lease "callback-outbox", so one node at a time sends, and each operator's
///   reports stay in order across nodes. A dead node's lease lapses; another node then takes over.
public struct DownloadProgressOutbox: Sendable {
    /// Who delivers when several nodes share the store, and for how long a grant lasts.
    public struct Lease: Sendable, Hashable {
        /// The store lease every node's outbox competes for.
        public static let name = "callback-outbox"

        /// This node (`openrsp serve --node-id`).
        public var holder: String
        /// How long a grant lasts. A report is only sent with at least 3/4 of it ahead, so it must
        /// be longer than 4/3 of the transport's connect + request timeouts: a send that started
        /// under the lease ends before another node can take over.
        public var duration: TimeInterval

        public init(holder: String, duration: TimeInterval = 60) {
            self.holder = holder
            self.duration = max(1, duration)
        }

        /// Renewing this long after the last grant keeps 3/4 of it ahead of the next send.
        var renewalInterval: TimeInterval { duration / 4 }
    }

    let store: any SMDPStore
    let transport: any ES2PlusCallbackTransport
    /// The functionRequesterIdentifier of the calls: how the operator knows this SM-DP+.
    public let requesterIdentifier: String
    let now: @Sendable () -> Date
    public let backoffBase: TimeInterval
    public let backoffCap: TimeInterval
    /// How many undelivered reports one pass reads.
    public let batchSize: Int
    /// `nil`: this process alone delivers (one node, or an embedded SM-DP+), every pass.
    public let lease: Lease?
    let logger: Logger

    public init(
        store: any SMDPStore, transport: any ES2PlusCallbackTransport, requesterIdentifier: String,
        now: @escaping @Sendable () -> Date = { Date() }, backoffBase: TimeInterval = 1, backoffCap: TimeInterval = 300,
        batchSize: Int = 10_000, lease: Lease? = nil, logger: Logger = Logger(label: "openrsp.smdp.callbacks")
    ) {
        self.store = store
        self.transport = transport
        self.requesterIdentifier = requesterIdentifier
        self.now = now
        self.backoffBase = max(0, backoffBase)
        self.backoffCap = max(0, backoffCap)
        self.batchSize = max(1, batchSize)
        self.lease = lease
        self.logger = logger
    }

    /// The wait after a failed attempt, given the attempts made before it: min(base · 2^attempts, cap).
    public func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(backoffBase * pow(2, Double(min(max(0, attempts), 1024))), backoffCap)
    }

    /// One pass: delivers every report that is due, in order per operator; returns how many were
    /// delivered. Never throws: a failure is recorded on the report (or logged, if even that fails).
    /// With a `lease`, a pass that cannot take or renew it delivers nothing.
    @discardableResult
    public func deliverDue() async -> Int {
        let passStart = now()
        guard await holdLease(at: passStart) else { return 0 }
        let pending: [CallbackRecord]
        do {
            pending = try await store.pendingCallbacks(limit: batchSize)
        } catch {
            logger.error("the callback outbox cannot be read", metadata: ["cause": "\(error)"])
            return 0
        }
        var queues: [String: [CallbackRecord]] = [:]
        for callback in pending { queues[callback.operatorName, default: []].append(callback) }
        return await withTaskGroup(of: Int.self) { group in
            for queue in queues.values {
                group.addTask { await deliverInOrder(queue, leaseGrantedAt: passStart) }
            }
            return await group.reduce(0, +)
        }
    }

    /// Delivers one operator's reports in id order, stopping at the first that is not due or fails,
    /// or when the lease is lost: a slow operator's queue renews it before it runs short.
    func deliverInOrder(_ queue: [CallbackRecord], leaseGrantedAt: Date) async -> Int {
        var delivered = 0
        var granted = leaseGrantedAt
        for callback in queue.sorted(by: { $0.id < $1.id }) {
            let time = now()
            guard callback.nextAttemptAt <= time else { break }
            if let lease, time.timeIntervalSince(granted) >= lease.renewalInterval {
                guard await holdLease(at: time) else { break }
                granted = time
            }
            guard await deliver(callback) else { break }
            delivered += 1
        }
        return delivered
    }

    /// One attempt: true when the operator accepted the report and it is marked delivered.
    func deliver(_ callback: CallbackRecord) async -> Bool {
        let header = ES2PlusRequestHeader(
            functionRequesterIdentifier: requesterIdentifier, functionCallIdentifier: Self.functionCallIdentifier(callback))
        let metadata: Logger.Metadata = [
            "callback": "\(callback.id)", "operator": "\(callback.operatorName)", "attempt": "\(callback.attempts + 1)",
        ]
        do {
            let request = try JSONDecoder().decode(HandleDownloadProgressInfoRequest.self, from: Data(callback.body))
            try await transport.handleDownloadProgressInfo(request, header: header, url: callback.url)
        } catch {
            let wait = backoff(afterAttempts: callback.attempts)
            let reason = Self.describe(error)
            logger.notice("handleDownloadProgressInfo failed", metadata: metadata.merging([
                "retryIn": "\(wait)", "error": "\(reason)",
            ]) { $1 })
            do {
                try await store.rescheduleCallback(
                    id: callback.id, attempts: callback.attempts + 1, nextAttemptAt: now().addingTimeInterval(wait),
                    lastError: reason)
            } catch {
                logger.error("a failed callback could not be rescheduled", metadata: metadata.merging([
                    "cause": "\(error)",
                ]) { $1 })
            }
            return false
        }
        do {
            try await store.markCallbackDelivered(id: callback.id, at: now())
        } catch {
            // Delivered but not recorded: it will be sent again with the same identifier.
            logger.error("a delivered callback could not be marked", metadata: metadata.merging(["cause": "\(error)"]) { $1 })
            return false
        }
        logger.info("handleDownloadProgressInfo delivered", metadata: metadata)
        return true
    }

    /// Takes or renews the lease for `lease.duration` from `time`; true without a lease.
    func holdLease(at time: Date) async -> Bool {
        guard let lease else { return true }
        do {
            let held = try await store.acquireLease(
                Lease.name, holder: lease.holder, now: time, until: time.addingTimeInterval(lease.duration))
            if !held { logger.debug("another node delivers the callback outbox", metadata: ["node": "\(lease.holder)"]) }
            return held
        } catch {
            logger.error("the callback outbox lease cannot be taken", metadata: ["node": "\(lease.holder)", "cause": "\(error)"])
            return false
        }
    }

    /// Gives the lease up (at shutdown), so another node takes over at its next pass rather than
    /// after the lease lapses. Does nothing without a lease or when another node holds it.
    public func releaseLease() async {
        guard let lease else { return }
        let time = now()
        do {
            // Renewing into the past is a release that needs no store function of its own: the
            // grant has lapsed for every other node's clock.
            _ = try await store.acquireLease(Lease.name, holder: lease.holder, now: time, until: time.addingTimeInterval(-1))
        } catch {
            logger.warning("the callback outbox lease could not be released; it lapses on its own", metadata: [
                "node": "\(lease.holder)", "cause": "\(error)",
            ])
        }
    }

    /// Delivers what is due every `pollInterval` until the task is cancelled.
    public func run(pollInterval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            await deliverDue()
            do { try await Task.sleep(for: pollInterval) } catch { return }
        }
    }

    /// "progress-<id>": the same for every attempt of one report.
    public static func functionCallIdentifier(_ callback: CallbackRecord) -> String {
        "progress-\(callback.id)"
    }

    /// What is kept of a failure: the status code the operator answered, or the kind of transport
    /// error and its first 200 characters (never a request body or a key).
    static func describe(_ error: any Error) -> String {
        if let code = error as? StatusCode { return "operator answered \(code)" }
        if error is DecodingError { return "the stored report cannot be decoded" }
        let text = String(describing: error)
        return "\(type(of: error)): \(text.prefix(200))"
    }
}

extension SMDPPlus {
    /// The outbox that delivers this SM-DP+'s progress reports, calling as its address with its clock.
    public func downloadProgressOutbox(
        transport: any ES2PlusCallbackTransport, backoffBase: TimeInterval = 1, backoffCap: TimeInterval = 300,
        lease: DownloadProgressOutbox.Lease? = nil, logger: Logger? = nil
    ) -> DownloadProgressOutbox {
        DownloadProgressOutbox(
            store: store, transport: transport, requesterIdentifier: configuration.address, now: configuration.now,
            backoffBase: backoffBase, backoffCap: backoffCap, lease: lease, logger: logger ?? self.logger)
    }
}
