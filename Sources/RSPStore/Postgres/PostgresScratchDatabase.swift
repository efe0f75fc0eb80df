import Foundation
import Logging
import PostgresNIO

/// A database of its own on a PostgreSQL server, made empty for one job and dropped after it:
/// each inventory size of `openrsp bench --inventory --store postgres://…`, each PostgreSQL test.
/// The server URL's own database is only where the CREATE and DROP are issued from.
public struct PostgresScratchDatabase: Sendable {
    /// `<prefix>_<32 hex digits>`.
    public let name: String
    /// The server's URL naming this database (user, password and TLS mode kept).
    public let url: PostgresURL
    private let server: PostgresURL

    /// Creates an empty database named after `prefix` (lower-case letters, digits and '_').
    public static func create(on server: PostgresURL, prefix: String, logger: Logger) async throws -> PostgresScratchDatabase {
        let name = prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await administer(server, logger: logger) { try await $0.createDatabase(named: name) }
        var url = server
        url.database = name
        return PostgresScratchDatabase(name: name, url: url, server: server)
    }

    /// Runs `body` with a new database, dropped afterwards whether `body` succeeded or not. `body`'s
    /// error comes first; a failed drop is thrown only when `body` succeeded.
    public static func with<T: Sendable>(
        on server: PostgresURL, prefix: String, logger: Logger, _ body: (PostgresScratchDatabase) async throws -> T
    ) async throws -> T {
        let database = try await create(on: server, prefix: prefix, logger: logger)
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body(database)) } catch { outcome = .failure(error) }
        do {
            try await database.drop(logger: logger)
        } catch {
            if case .success = outcome { throw error }
        }
        return try outcome.get()
    }

    /// Its size on disk (`pg_database_size`): tables, indexes and TOAST.
    public func sizeBytes(logger: Logger) async throws -> Int64 {
        try await Self.administer(server, logger: logger) { admin in
            try await admin.statement("database size") { transaction in
                guard let row = try await transaction.row("SELECT pg_database_size(\(name)::name)::bigint AS bytes") else { return 0 }
                return try row.required("bytes", as: Int64.self)
            }
        }
    }

    /// Drops it, ending its sessions first; nothing when it is already gone.
    public func drop(logger: Logger) async throws {
        try await Self.administer(server, logger: logger) { try await $0.dropDatabase(named: name) }
    }

    private static func administer<T: Sendable>(
        _ server: PostgresURL, logger: Logger, _ body: (PostgresDatabase) async throws -> T
    ) async throws -> T {
        let admin = try await PostgresDatabase.connect(url: server, logger: logger, maximumConnections: 1)
        do {
            let result = try await body(admin)
            await admin.close()
            return result
        } catch {
            await admin.close()
            throw error
        }
    }
}
