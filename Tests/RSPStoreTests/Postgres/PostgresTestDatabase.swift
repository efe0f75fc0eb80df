import Foundation
import Logging
@testable import RSPStore
import Testing

/// The PostgreSQL server the tests may use: `OPENRSP_POSTGRES_URL` (e.g.
/// postgres://postgres@127.0.0.1:55432/postgres, `scripts/postgres start DIR`). Without it the
/// PostgreSQL cases are left out of the suites.
enum PostgresTestDatabase {
    static let serverURL: PostgresURL? = {
        guard let text = ProcessInfo.processInfo.environment["OPENRSP_POSTGRES_URL"], !text.isEmpty else { return nil }
        return try? PostgresURL(parsing: text)
    }()

    static var isAvailable: Bool { serverURL != nil }

    /// Tests log nothing (a failing test says what went wrong).
    static let logger = Logger(label: "openrsp.tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A small pool per store, as many tests run at once against one server.
    static let maximumConnections = 4

    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "OPENRSP_POSTGRES_URL is not set" }
    }

    /// Runs `body` with the URL of a fresh, empty database (`openrsp_test_<random>`) on the test
    /// server, dropped afterwards (its sessions ended first), whether `body` succeeds or not.
    static func withDatabase(_ body: (PostgresURL) async throws -> Void) async throws {
        guard let server = serverURL else { throw Unavailable() }
        try await PostgresScratchDatabase.with(on: server, prefix: "openrsp_test", logger: logger) { database in
            try await body(database.url)
        }
    }

    /// Runs `body` with both stores opened on a fresh database, closed afterwards.
    static func withStores(_ body: (OpenedStores) async throws -> Void) async throws {
        try await withDatabase { url in
            let stores = try await StoreLocation.postgres(url).open(logger: logger, maximumConnections: maximumConnections)
            let outcome: Result<Void, any Error>
            do { try await body(stores); outcome = .success(()) } catch { outcome = .failure(error) }
            await stores.close()
            try outcome.get()
        }
    }
}
