import Foundation
import GRDB
import Metrics
import Synchronization

/// Group commit: the writes that arrive while one transaction is being written and fsynced share
/// the next transaction and its one fsync, instead of each paying for its own. At concurrency 16 a
/// download's four write transactions each cost an fdatasync, a WAL write of every page they touch
/// and two hops to and from the writer queue; those were a fifth of the server's CPU.
///
/// What a caller sees is what one transaction per write gave it:
/// - A write happens whole or not at all. In a batch of several, each runs in its own savepoint,
///   so one that throws is rolled back alone and the others still commit.
/// - A caller is answered only after the COMMIT holding its write returned (fsynced, since the
///   connection is `synchronous = FULL`): an acknowledged write survives a power loss.
/// - Writes run one at a time in arrival order, so each sees every write answered before it.
/// - When the COMMIT fails, or SQLite aborted the transaction under a later write (I/O error,
///   disk full), every write of the batch fails with that error: none of them was acknowledged,
///   and none is in the file.
final class SQLiteGroupCommit: Sendable {
    /// How many writes share one transaction at most, so one caller's wait stays bounded.
    static let maximumBatch = 64

    /// Under concurrent writes (the previous batch had more than one), a batch of fewer writes than
    /// this first waits `commitDelay` for more to join it, and no longer than it takes them to come.
    /// A lone writer never waits.
    static let smallBatch = 4

    /// How long a small batch waits before it is committed, on a database file (`SQLiteDatabase.open`).
    ///
    /// Left alone, the batches of a loaded server stay small, and every commit pays its fsync, its
    /// WAL frame headers and a rewrite of the pages its writes share. Measured over 2000 in-process
    /// downloads at concurrency 16 (`perf stat -e syscalls:sys_enter_fdatasync`), waiting 1.5 ms
    /// cuts the fsyncs from 1.7 per download to 0.78, with about 2 WAL frames fewer. On this
    /// VM's fast virtual disk the throughput gain (0–5%) is within the machine's drift; on a disk
    /// whose fsync takes milliseconds, fewer fsyncs are what bounds the write rate. p99 was not worse.
    /// Without the wait, `openrsp bench` showed less time inside the SM-DP+ (InitiateAuthentication
    /// p50 1.3 ms against 2.4) but more CPU per download (3.5–4.0 ms against 3.4–3.5) and a worse
    /// p99 at the LPA. Ending the wait once the batch is full kept the fsyncs (+5%) and took
    /// 0.4–0.8 ms off the median call inside the SM-DP+.
    static let fileCommitDelay: TimeInterval = 0.0015

    private let writer: any DatabaseWriter
    private let commitDelay: TimeInterval
    private let metrics: GroupCommitMetrics.Instruments?
    private let state = Mutex(State())
    /// Wakes a small batch's wait once `smallBatch` writes are pending: it need not wait longer.
    private let filled = NSCondition()

    private struct State {
        var pending: [any PendingWrite] = []
        /// A drain is scheduled or running on the writer queue; it takes whatever is pending.
        var draining = false
        /// How many writes the last batch committed.
        var lastBatch = 0
        /// How many batches waited `commitDelay`.
        var delayed = 0
    }

    /// - Parameters:
    ///   - commitDelay: how long a batch of fewer than `smallBatch` writes waits for more
    ///     (0: none; an in-memory database has no fsync to share).
    ///   - metrics: where each commit's writes and time are recorded (nil: nowhere).
    init(writer: any DatabaseWriter, commitDelay: TimeInterval = 0, metrics: GroupCommitMetrics.Instruments? = nil) {
        self.writer = writer
        self.commitDelay = commitDelay
        self.metrics = metrics
    }

    /// How many batches waited for company so far.
    var delayedBatches: Int {
        state.withLock { $0.delayed }
    }

    /// Writes waiting for the next batch (tests line up a batch with it).
    var pendingCount: Int {
        state.withLock { $0.pending.count }
    }

    /// Runs `body` in a write transaction shared with concurrent writes, and returns its result
    /// once that transaction committed. `body`'s own error comes out unchanged.
    ///
    /// `body` does not escape: the pending write drops it before it answers, and this call
    /// returns only after that answer.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            try await withCheckedThrowingContinuation { continuation in
                let (startDrain, batchFilled) = state.withLock { state in
                    state.pending.append(Write(body: body, continuation: continuation))
                    defer { state.draining = true }
                    return (!state.draining, state.draining && state.pending.count == Self.smallBatch)
                }
                if batchFilled {
                    filled.lock()
                    filled.signal()
                    filled.unlock()
                }
                if startDrain {
                    writer.asyncWriteWithoutTransaction { db in self.drain(db) }
                }
            }
        }
    }

    /// Commits batches until nothing is pending. Writes that arrive during a commit's fsync, or
    /// while a small batch waits `commitDelay`, join the next batch: that waiting is what groups them.
    private func drain(_ db: Database) {
        while true {
            let wait = commitDelay > 0 && state.withLock { state in
                guard (1..<Self.smallBatch).contains(state.pending.count), state.lastBatch > 1 else { return false }
                state.delayed += 1
                return true
            }
            if wait {
                // The writer queue's own thread waits: no request thread is held. A write that fills
                // the batch signals under `filled`'s lock, so a signal cannot fall between the check and the wait.
                let deadline = Date(timeIntervalSinceNow: commitDelay)
                filled.lock()
                while state.withLock({ $0.pending.count }) < Self.smallBatch, filled.wait(until: deadline) {}
                filled.unlock()
            }
            let batch: [any PendingWrite] = state.withLock { state in
                let batch = Array(state.pending.prefix(Self.maximumBatch))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.draining = false } else { state.lastBatch = batch.count }
                return batch
            }
            if batch.isEmpty { return }
            commit(batch, db)
        }
    }

    private func commit(_ batch: [any PendingWrite], _ db: Database) {
        let start = ContinuousClock.now
        defer {
            if let metrics {
                metrics.writes.record(batch.count)
                metrics.duration.record(duration: ContinuousClock.now - start)
            }
        }
        do {
            try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        } catch {
            for write in batch { write.fail(error) }
            return
        }
        // One write needs no savepoint: rolling back the transaction undoes it alone.
        let alone = batch.count == 1
        var failure: (any Error)?
        for write in batch {
            write.run(db, inSavepoint: !alone)
            if !db.isInsideTransaction {
                failure = write.error ?? DatabaseError(resultCode: .SQLITE_ABORT, message: "transaction aborted")
                break
            }
        }
        if failure == nil {
            do {
                try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
            } catch {
                failure = error
            }
        }
        if let failure {
            if db.isInsideTransaction { try? db.rollback() }
            for write in batch { write.fail(failure) }
            return
        }
        for write in batch { write.answer() }
    }
}

/// One caller's write waiting in, or running in, a batch. Only the writer queue touches it.
private protocol PendingWrite: Sendable {
    /// The error its body threw, once run.
    var error: (any Error)? { get }
    /// Runs the body inside the open transaction; a thrown error rolls back its own changes.
    func run(_ db: Database, inSavepoint: Bool)
    /// Answers the caller with its body's result (the batch committed).
    func answer()
    /// Answers the caller with `error`: the batch did not commit, or its body's own error.
    func fail(_ error: any Error)
}

private final class Write<T: Sendable>: PendingWrite, @unchecked Sendable {
    /// Set to nil before the caller is answered: `write` lends it without letting it escape.
    private var body: (@Sendable (Database) throws -> T)?
    private let continuation: CheckedContinuation<T, any Error>
    private var result: Result<T, any Error>?

    init(body: @escaping @Sendable (Database) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    var error: (any Error)? {
        if case .failure(let error) = result { return error }
        return nil
    }

    func run(_ db: Database, inSavepoint: Bool) {
        guard let body else { return }
        self.body = nil
        guard inSavepoint else {
            result = Result { try body(db) }
            if case .failure = result, db.isInsideTransaction { try? db.rollback() }
            return
        }
        do {
            try db.cachedStatement(sql: "SAVEPOINT write").execute()
        } catch {
            result = .failure(error)
            return
        }
        result = Result { try body(db) }
        do {
            if case .failure = result {
                try db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT write").execute()
            }
            try db.cachedStatement(sql: "RELEASE SAVEPOINT write").execute()
        } catch {
            if case .success = result { result = .failure(error) }
        }
    }

    func answer() {
        body = nil
        continuation.resume(with: result ?? .failure(DatabaseError(resultCode: .SQLITE_MISUSE, message: "write not run")))
    }

    func fail(_ error: any Error) {
        body = nil
        // A body that threw is answered with its own error: its failure does not depend on the batch.
        continuation.resume(throwing: self.error ?? error)
    }
}
