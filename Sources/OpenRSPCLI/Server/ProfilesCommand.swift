import ArgumentParser
import Foundation
import Logging
import RSPCore
import RSPStore
import SMDPPlus

struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "Manage the SM-DP+ profile inventory.",
        subcommands: [Import.self, ImportTemplate.self, List.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import Unprotected Profile Packages (SAIP DER files, or directories of *.der).")

        @OptionGroup var dataOptions: DataOptions

        @Argument(help: "Files or directories.")
        var paths: [String]

        @Option(help: "Service provider name shown to the user (default: OpenRSP).")
        var serviceProvider: String?

        @Option(help: "Profile name shown to the user (default: the file name).")
        var profileName: String?

        @Option(help: "Profile class: test, provisioning or operational (default).")
        var profileClass: String?

        @Option(help: "Profile owner as MCC-MNC, e.g. 001-01 (becomes the profileOwner metadata; ES2+ operators with this --po-id own it).")
        var owner: String?

        @Option(help: "Profile type ES2+ DownloadOrder selects by (default: the file name without extension).")
        var profileType: String?

        func run() async throws {
            // Refused before the store is opened: a typo must not cost a database connection.
            let profileClass = try profileClass.map { name in
                guard let value = ProfileClass.names.first(where: { $0.value == name })?.key else {
                    throw ValidationError("profile class is test, provisioning or operational")
                }
                return ProfileClass(rawValue: value)
            }
            let owner = try owner.map { text in
                let parts = text.split(separator: "-").map(String.init)
                guard parts.count == 2 else { throw ValidationError("owner is MCC-MNC, e.g. 001-01") }
                return try OperatorID(mcc: parts[0], mnc: parts[1])
            }
            let files = try Self.files(paths)
            let (imported, failed) = try await ServerEnvironment.using(dataOptions) { environment in
                try await Self.importFiles(files, into: environment, profileType: profileType, serviceProvider: serviceProvider,
                                           profileName: profileName, profileClass: profileClass, owner: owner)
            }
            print("\(imported) imported, \(failed) refused")
            if imported == 0 && failed > 0 { throw ExitCode(1) }
        }

        /// Imports each file, printing one line per file; returns how many were imported and refused.
        static func importFiles(
            _ files: [URL], into environment: ServerEnvironment, profileType: String?, serviceProvider: String?,
            profileName: String?, profileClass: ProfileClass?, owner: OperatorID?
        ) async throws -> (imported: Int, failed: Int) {
            var imported = 0
            var failed = 0
            for file in files {
                guard let data = FileManager.default.contents(atPath: file.path) else {
                    print("✗ \(file.lastPathComponent): cannot read")
                    failed += 1
                    continue
                }
                do {
                    let record = try await environment.smdp.importProfile(
                        upp: Array(data), profileType: profileType ?? file.deletingPathExtension().lastPathComponent,
                        serviceProviderName: serviceProvider, profileName: profileName, profileClass: profileClass, owner: owner)
                    print("✓ \(record.iccid.paddedDigits)  \(record.profileType)")
                    imported += 1
                } catch {
                    print("✗ \(file.lastPathComponent): \(error)")
                    failed += 1
                }
            }
            return (imported, failed)
        }

        static func files(_ paths: [String]) throws -> [URL] {
            var files: [URL] = []
            for path in paths {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    throw ValidationError("no such file or directory: \(path)")
                }
                if isDirectory.boolValue {
                    let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".der") }.sorted()
                    files += names.map { URL(fileURLWithPath: path).appendingPathComponent($0) }
                } else {
                    files.append(URL(fileURLWithPath: path))
                }
            }
            return files
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List profiles with their order state.")

        @OptionGroup var dataOptions: DataOptions

        @Flag(help: "JSON output.")
        var json = false

        @Option(help: "At most this many profiles (a page, in ICCID order).")
        var limit = 1000

        @Option(help: "Start after this ICCID (the last one of the previous page).")
        var after: String?

        func run() async throws {
            guard limit >= 0 else { throw ValidationError("--limit cannot be negative") }
            let start = try after.map { text in
                do { return try ICCID(digits: text, checkLuhn: false) } catch { throw ValidationError("--after: \(error)") }
            }
            // A page and the counts, never the whole inventory: it may hold millions of profiles.
            let (items, counts) = try await ServerEnvironment.using(dataOptions) { environment in
                (try await environment.smdp.inventory(after: start, limit: limit), try await environment.smdp.profileCounts())
            }
            if json {
                let rows = items.map { item -> [String: String] in
                    var row = ["iccid": item.profile.iccid.paddedDigits, "profileType": item.profile.profileType,
                               "state": item.state.rawValue]
                    if let order = item.order {
                        row["matchingId"] = order.matchingId
                        row["eid"] = order.eid?.digits
                        row["reason"] = order.reason
                    }
                    return row
                }
                let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            for item in items {
                let order = item.order.map { "  matchingId=\($0.matchingId)" + ($0.reason.map { "  (\($0))" } ?? "") } ?? ""
                print("\(item.profile.iccid.paddedDigits)  \(item.state.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))  \(item.profile.profileType)\(order)")
            }
            let total = counts.values.reduce(0, +)
            let byState = ProfileLifecycleState.allCases.compactMap { state in counts[state].map { "\(state.rawValue) \($0)" } }
            print("\(items.count) of \(total) profiles shown" + (byState.isEmpty ? "" : " (\(byState.joined(separator: ", ")))"))
        }
    }
}
