import PostgresNIO

/// Creating and dropping whole databases: each PostgreSQL test gets a database of its own.
extension PostgresDatabase {
    /// Creates the empty database `name` on this database's server.
    func createDatabase(named name: String) async throws {
        let name = try Self.checkedDatabaseName(name)
        try await statement("create database \(name)") { transaction in
            try await transaction.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\""))
        }
    }

    /// Drops the database `name`, ending its sessions first; nothing when it does not exist.
    func dropDatabase(named name: String) async throws {
        let name = try Self.checkedDatabaseName(name)
        try await statement("drop database \(name)") { transaction in
            try await transaction.execute(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"))
        }
    }

    /// A database name is the one value that cannot be a bind parameter (DDL takes identifiers
    /// only), so it is limited to lower-case letters, digits and '_', which need no escaping.
    private static func checkedDatabaseName(_ name: String) throws -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        guard (1...63).contains(name.count), name.allSatisfy(allowed.contains), name.first?.isNumber == false else {
            throw StoreError.storage("not a plain database name")
        }
        return name
    }
}
