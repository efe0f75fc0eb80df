import Foundation
import GRDB
import Prometheus
@testable import RSPStore
import Synchronization
import Testing

/// Group commit keeps the promises of one transaction per write: each write whole or not at all,
/// answered only once committed, in arrival order; concurrent writes merely share the commit.
@Suite("SQLite group commit")
struct SQLiteGroupCommitTests {
    /// A file database with one table `t(v TEXT UNIQUE)`, a commit counter, and the group commit under test.
    struct Fixture {
        let path: String
        let database: SQLiteDatabase
        let commits: SQLiteGroupCommit
        let observer = CommitObserver()

        init(directory: URL, commitDelay: TimeInterval = 0, metrics: GroupCommitMetrics? = nil) throws {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            path = directory.appendingPathComponent("group.sqlite").path
            var migrator = DatabaseMigrator()
            migrator.registerMigration("t") { db in try db.execute(sql: "CREATE TABLE t(v TEXT NOT NULL UNIQUE)") }
            database = try SQLiteDatabase.open(path: path, label: "test", busyTimeout: 1, migrator: migrator)
            commits = SQLiteGroupCommit(
                writer: database.writer, commitDelay: commitDelay, metrics: metrics?.instruments(database: "test"))
            let observer = observer
            try database.writer.writeWithoutTransaction { db in db.add(transactionObserver: observer, extent: .databaseLifetime) }
        }

        func insert(_ value: String) async throws {
            try await commits.write { db in try db.execute(sql: "INSERT INTO t(v) VALUES (?)", arguments: [value]) }
        }

        /// The rows as a new connection sees them: only what was committed to the file.
        func committedRows() throws -> Set<String> {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return Set(try queue.read { db in try String.fetchAll(db, sql: "SELECT v FROM t") })
        }

        /// Holds the writer queue until `count` writes wait, so that they form one batch; bounded (30 s).
        /// `holding` is set once the writer runs it.
        func holdUntil(pending count: Int, holding: Flag) async throws {
            let commits = commits
            try await commits.write { db in
                holding.set()
                for _ in 0..<30_000 where commits.pendingCount < count { usleep(1000) }
                try db.execute(sql: "INSERT INTO t(v) VALUES ('holder')")
            }
        }

        /// Runs `writes` concurrently while the writer queue is held, so that they share one transaction.
        ///
        /// Each step waits for the one before it to be seen (the holder on the writer, then each
        /// write pending), not for a fixed time: CI runs every suite at once on two cores, and a
        /// task may wait seconds for a thread.
        func inOneBatch(_ writes: [@Sendable () async throws -> Void]) async -> [Result<Void, any Error>] {
            let holding = Flag()
            return await withTaskGroup(of: (Int, Result<Void, any Error>).self) { group in
                group.addTask { (-1, await SQLiteGroupCommitTests.outcome { try await holdUntil(pending: writes.count, holding: holding) }) }
                for _ in 0..<30_000 where !holding.isSet { try? await Task.sleep(for: .milliseconds(1)) }
                for (index, write) in writes.enumerated() {
                    group.addTask { (index, await SQLiteGroupCommitTests.outcome(write)) }
                    // Arrival order is the order below.
                    for _ in 0..<30_000 where commits.pendingCount <= index { try? await Task.sleep(for: .milliseconds(1)) }
                }
                var results = [Result<Void, any Error>?](repeating: nil, count: writes.count)
                for await (index, result) in group where index >= 0 { results[index] = result }
                return results.map { $0 ?? .failure(CancellationError()) }
            }
        }
    }

    /// Set once, read from any thread.
    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .acquiring) }
        func set() { value.store(true, ordering: .releasing) }
    }

    static func outcome(_ body: @Sendable () async throws -> Void) async -> Result<Void, any Error> {
        do { try await body(); return .success(()) } catch { return .failure(error) }
    }

    final class CommitObserver: TransactionObserver, @unchecked Sendable {
        private let lock = NSLock()
        private var commitCount = 0
        private var vetoed: Set<Int> = []

        var commits: Int { lock.withLock { commitCount } }
        /// Makes the `number`-th commit (1-based, counting vetoed ones) fail.
        func veto(commit number: Int) { lock.withLock { _ = vetoed.insert(number) } }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseWillCommit() throws {
            try lock.withLock {
                commitCount += 1
                if vetoed.contains(commitCount) { throw DatabaseError(resultCode: .SQLITE_IOERR, message: "test veto") }
            }
        }
        func databaseDidCommit(_ db: Database) {}
        func databaseDidRollback(_ db: Database) {}
    }

    @Test("200 concurrent writes all land, answered only when a new connection can read them, in far fewer commits")
    func concurrentWritesShareCommits() async throws {
        try await TemporaryDirectory.with { directory in
            let fixture = try Fixture(directory: directory)
            let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try await fixture.insert("row \(index)")
                        return try fixture.committedRows().contains("row \(index)")
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(answered.count == 200 && answered.allSatisfy { $0 })
            #expect(try fixture.committedRows().count == 200)
            #expect(fixture.observer.commits < 200)
            try fixture.database.close()
        }
    }

    @Test("with metrics, each commit records how many writes it carried and how long it took")
    func commitsRecorded() async throws {
        try await TemporaryDirectory.with { directory in
            let registry = PrometheusCollectorRegistry()
            let fixture = try Fixture(directory: directory, metrics: GroupCommitMetrics(factory: PrometheusMetricsFactory(registry: registry)))
            try await fixture.insert("alone")
            // The holder's write commits alone; the three held behind it share the next commit.
            let results = await fixture.inOneBatch([
                { try await fixture.insert("a") }, { try await fixture.insert("b") }, { try await fixture.insert("c") },
            ])
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            let lines = Set(registry.emitToString().split(separator: "\n").map(String.init))
            #expect(lines.contains(#"sqlite_commit_writes_count{database="test"} \#(fixture.observer.commits)"#), "\(lines)")
            #expect(lines.contains(#"sqlite_commit_writes_sum{database="test"} 5.0"#), "\(lines)")
            #expect(lines.contains(#"sqlite_commit_duration_seconds_count{database="test"} \#(fixture.observer.commits)"#))
            #expect(fixture.observer.commits == 3)
            try fixture.database.close()
        }
    }

    @Test("a lone writer never waits for company: each write commits at once")
    func loneWriterDoesNotWait() async throws {
        try await TemporaryDirectory.with { directory in
            let fixture = try Fixture(directory: directory, commitDelay: 5)
            for index in 0..<5 { try await fixture.insert("row \(index)") }
            #expect(fixture.commits.delayedBatches == 0)
            #expect(fixture.observer.commits == 5)
            try fixture.database.close()
        }
    }

    /// "x" waits for company and `companions` arrive meanwhile: one joins its batch, which waits
    /// out its delay; three fill it to `smallBatch`, which ends the wait (a minute: the test passes
    /// only by that wake-up). Five seconds are long enough for "y" to arrive even when the test's
    /// task is starved of a thread for seconds (CI runs every suite at once on two cores); the
    /// writer's thread waits, so it costs this test's time, not the pool's.
    @Test("under concurrent writes, a small batch waits for later writes to share its commit, until it is full",
          arguments: [(["y"], 5.0), (["y", "z", "w"], 60.0)])
    func smallBatchWaitsForCompany(companions: [String], commitDelay: Double) async throws {
        try await TemporaryDirectory.with { directory in
            let fixture = try Fixture(directory: directory, commitDelay: commitDelay)
            // The holder's batch, then one of two writes: the writer has seen concurrent writes.
            let first = await fixture.inOneBatch([{ try await fixture.insert("a") }, { try await fixture.insert("b") }])
            #expect(first.allSatisfy { (try? $0.get()) != nil })
            let before = fixture.observer.commits
            let start = ContinuousClock.now
            async let x: Void = fixture.insert("x")
            // The companions come once the writer chose to wait with "x" alone (had it come to it
            // later, with the batch already full, it would not wait at all).
            for _ in 0..<30_000 where fixture.commits.delayedBatches == 0 { try await Task.sleep(for: .milliseconds(1)) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for value in companions { group.addTask { try await fixture.insert(value) } }
                try await group.waitForAll()
            }
            try await x
            #expect(fixture.observer.commits == before + 1)
            #expect(fixture.commits.delayedBatches == 1)
            #expect(Set(try fixture.committedRows()) == Set(["holder", "a", "b", "x"] + companions))
            if companions.count + 1 >= SQLiteGroupCommit.smallBatch {
                #expect(ContinuousClock.now - start < .seconds(commitDelay / 2), "a full batch is committed, not kept waiting")
            }
            try fixture.database.close()
        }
    }

    @Test("in a shared transaction, a write that throws is rolled back alone, with its own error")
    func failingWriteRolledBackAlone() async throws {
        try await TemporaryDirectory.with { directory in
            let fixture = try Fixture(directory: directory)
            let results = await fixture.inOneBatch([
                { try await fixture.insert("a") },
                {
                    try await fixture.commits.write { db in
                        try db.execute(sql: "INSERT INTO t(v) VALUES ('b')")
                        throw RefusedByCaller(why: "b")
                    }
                },
                { try await fixture.insert("c") },
                { try await fixture.insert("a") },  // UNIQUE violation
                { try await fixture.insert("d") },
            ])
            let commitsBefore = fixture.observer.commits
            #expect((try? results[0].get()) != nil)
            #expect(throws: RefusedByCaller(why: "b")) { try results[1].get() }
            #expect((try? results[2].get()) != nil)
            #expect(throws: DatabaseError.self) { try results[3].get() }
            #expect((try? results[4].get()) != nil)
            #expect(try fixture.committedRows() == ["holder", "a", "c", "d"])
            // The holder's commit and one for the other five.
            #expect(commitsBefore == 2)
            try fixture.database.close()
        }
    }

    @Test("a failed commit fails every write of its batch, keeps none of them, and the next write succeeds")
    func failedCommitFailsTheBatch() async throws {
        try await TemporaryDirectory.with { directory in
            let fixture = try Fixture(directory: directory)
            fixture.observer.veto(commit: 2)
            let results = await fixture.inOneBatch([
                { try await fixture.insert("x") }, { try await fixture.insert("y") }, { try await fixture.insert("z") },
            ])
            for result in results {
                #expect(throws: DatabaseError.self) { try result.get() }
            }
            #expect(try fixture.committedRows() == ["holder"])
            try await fixture.insert("after")
            #expect(try fixture.committedRows() == ["holder", "after"])
            try fixture.database.close()
        }
    }

    @Test("a write alone that throws leaves nothing behind")
    func failingWriteAlone() async throws {
        try await TemporaryDirectory.with { directory in
            let fixture = try Fixture(directory: directory)
            await #expect(throws: RefusedByCaller(why: "alone")) {
                try await fixture.commits.write { db in
                    try db.execute(sql: "INSERT INTO t(v) VALUES ('alone')")
                    throw RefusedByCaller(why: "alone")
                }
            }
            try await fixture.insert("next")
            #expect(try fixture.committedRows() == ["next"])
            try fixture.database.close()
        }
    }
}
