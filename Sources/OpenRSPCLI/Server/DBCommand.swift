import ArgumentParser
import Foundation
import Logging
import RSPStore

/// `openrsp db`: the store's schema. A PostgreSQL database shared by several `serve` nodes is
/// migrated once, by an operator, before the nodes (re)start on a new version.
struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The SM-DP+ and SM-DS store (SQLite in DATA, or PostgreSQL).",
        subcommands: [Migrate.self]
    )

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the schema migrations the store lacks; prints those applied, or \"up to date\".")

        @OptionGroup var storage: StoreOptions

        func run() async throws {
            let location = try storage.location()
            if case .sqlite = location {
                try FileManager.default.createDirectory(at: storage.dataDirectory, withIntermediateDirectories: true)
            }
            let applied: [String]
            do {
                applied = try await location.migrate(logger: Logger(label: "openrsp"))
            } catch {
                throw StoreUnavailable(location: location, action: "migrate", cause: error)
            }
            if applied.isEmpty {
                print("\(location): up to date")
            } else {
                for name in applied { print("applied \(name)") }
                print("\(location): \(applied.count) migration\(applied.count == 1 ? "" : "s") applied")
            }
        }
    }
}
