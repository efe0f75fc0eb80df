import Foundation
import Logging
import PostgresNIO
import Synchronization

/// One PostgreSQL database the way OpenRSP's stores use it, written once for the SM-DP+ and SM-DS
/// stores: the node's single connection pool (`PostgresClient`, its `run()` in a task this object
/// owns), and the three ways a store method touches the database.
///
/// - `write`: one READ COMMITTED transaction. Store methods take row locks (`SELECT … FOR UPDATE`)
///   on what they read before they write it, so nodes never lose each other's changes; a
///   serialization failure or deadlock rolls back and the whole transaction runs again.
/// - `statement`: work of a single statement, which PostgreSQL runs as its own transaction.
/// - `snapshot`: several reads on one consistent snapshot.
///
/// Whatever they throw comes out as a `StoreError` (or, from a caller's closure, unchanged).
final class PostgresDatabase: Sendable {
    /// How many times a transaction runs when the server keeps reporting serialization failures
    /// or deadlocks.
    static let maximumAttempts = 5
    /// How long a store method waits for a pooled connection before it reports `.storage`.
    static let defaultAcquireTimeout: Duration = .seconds(10)

    let acquireTimeout: Duration
    private let client: PostgresClient
    private let logger: Logger
    /// The task running the pool; nil once closed.
    private let runner: Mutex<Task<Void, Never>?>

    /// Checks that the server answers (so a wrong URL, an unreachable host or a refused login
    /// fails here, with its reason, instead of leaving the pool retrying), then starts the pool.
    static func connect(
        url: PostgresURL, logger: Logger, maximumConnections: Int,
        acquireTimeout: Duration = PostgresDatabase.defaultAcquireTimeout
    ) async throws -> PostgresDatabase {
        let driverLogger = driverLogger(logger)
        do {
            let probe = try await PostgresConnection.connect(
                configuration: try connectionConfiguration(url, connectTimeout: acquireTimeout), id: 0, logger: driverLogger)
            try await probe.close()
        } catch {
            throw PostgresErrorMapping.connectionError(error, url: url)
        }
        let configuration = clientConfiguration(url, maximumConnections: maximumConnections, connectTimeout: acquireTimeout)
        let client = PostgresClient(configuration: configuration, backgroundLogger: driverLogger)
        return PostgresDatabase(client: client, logger: driverLogger, acquireTimeout: acquireTimeout)
    }

    private init(client: PostgresClient, logger: Logger, acquireTimeout: Duration) {
        self.client = client
        self.logger = logger
        self.acquireTimeout = acquireTimeout
        self.runner = Mutex(Task { await client.run() })
    }

    /// Stops the pool and waits until its connections are closed; later calls fail with
    /// `.storage`. Closing twice does nothing.
    func close() async {
        guard let runner = runner.withLock({ task in defer { task = nil }; return task }) else { return }
        runner.cancel()
        await runner.value
    }

    /// One READ COMMITTED transaction, run again (whole) after a serialization failure or deadlock.
    func write<T: Sendable>(_ subject: String, _ work: (PostgresTransaction) async throws -> T) async throws -> T {
        try await withRetries(subject) { connection in
            do {
                return try await connection.withTransaction(logger: logger) { connection in
                    try await work(PostgresTransaction(connection: connection, logger: logger))
                }
            } catch let error as PostgresTransactionError {
                // A failed ROLLBACK leaves the session in an unknown state: the pool must not hand
                // this connection out again.
                if error.rollbackError != nil { try? await connection.close() }
                throw error
            }
        }
    }

    /// Several statements on one consistent snapshot, changing nothing (REPEATABLE READ, READ ONLY).
    func snapshot<T: Sendable>(_ subject: String, _ work: (PostgresTransaction) async throws -> T) async throws -> T {
        try await write(subject) { transaction in
            try await transaction.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return try await work(transaction)
        }
    }

    /// Work of exactly one statement, sent outside an explicit transaction: the server runs it as
    /// its own transaction (atomic, on one snapshot), which saves the BEGIN and COMMIT round trips
    /// on the hot paths (lookups, inserting a session or a notification).
    func statement<T: Sendable>(_ subject: String, _ work: (PostgresTransaction) async throws -> T) async throws -> T {
        try await withRetries(subject) { connection in
            try await work(PostgresTransaction(connection: connection, logger: logger))
        }
    }

    private func withRetries<T: Sendable>(
        _ subject: String, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await withConnection(body)
            } catch let error where attempt < Self.maximumAttempts && PostgresErrorMapping.isTransient(error) {
                // Both transactions were rolled back; a short random pause keeps them from colliding again.
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...10) * attempt))
                attempt += 1
            } catch {
                throw PostgresErrorMapping.storeError(error, subject: subject)
            }
        }
    }

    /// Runs `body` on a pooled connection in the caller's task, or fails with `NoConnection` when
    /// none can be leased within `acquireTimeout` (postgres-nio's pool would wait for ever while
    /// the server is down). A child task holds the lease until `body` is done.
    private func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let handoff = PostgresConnectionHandoff()
        let client = self.client, timeout = self.acquireTimeout
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await client.withConnection { connection in
                        guard handoff.deliver(connection) else { return }
                        await handoff.waitUntilReturned()
                    }
                } catch {
                    handoff.fail(error)
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    handoff.fail(PostgresErrorMapping.NoConnection(waited: timeout))
                } catch {
                    handoff.fail(CancellationError())
                }
            }
            defer { group.cancelAll() }
            let connection = try await handoff.connection()
            defer { handoff.returnConnection() }
            return try await body(connection)
        }
    }

    // MARK: Configuration

    /// postgres-nio's trace logs print the server's messages, row data included: a node logging
    /// at trace gives the driver nothing rather than risk a secret (a UPP holds K and OPc).
    private static func driverLogger(_ logger: Logger) -> Logger {
        guard logger.logLevel < .debug else { return logger }
        return Logger(label: logger.label, factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// `sslmode=prefer` or `require` verify the server's certificate against the system's roots.
    private static func connectionConfiguration(_ url: PostgresURL, connectTimeout: Duration) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch url.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls)
        configuration.options.connectTimeout = .nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000
            + connectTimeout.components.attoseconds / 1_000_000_000)
        configuration.options.additionalStartupParameters = [("application_name", "openrsp")]
        return configuration
    }

    private static func clientConfiguration(
        _ url: PostgresURL, maximumConnections: Int, connectTimeout: Duration
    ) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch url.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls)
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = connectTimeout
        configuration.options.additionalStartupParameters = [("application_name", "openrsp")]
        return configuration
    }
}
