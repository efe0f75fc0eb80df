import ArgumentParser
import Foundation
import RSPCore
import RSPStore
import SMDPPlus

extension ProfilesCommand {
    /// Operator-scale import: one UPP stored once as a template, and one row per ICCID. Each
    /// profile is personalised (its ICCID written into the header) when its BPP is built.
    struct ImportTemplate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-template",
            abstract: "Import many profiles sharing one UPP template: one row per ICCID (consecutive, or from a file).")

        @OptionGroup var dataOptions: DataOptions

        @Argument(help: "The template UPP (SAIP DER).")
        var file: String

        @Option(help: "The first ICCID (19 or 20 digits, valid Luhn check digit); the next ones count up.")
        var iccidStart: String?

        @Option(help: "How many consecutive ICCIDs, with --iccid-start.")
        var count: Int?

        @Option(help: "A file of ICCIDs, one per line (instead of --iccid-start/--count).")
        var iccids: String?

        @Option(help: "Profile type ES2+ DownloadOrder selects by (default: the template file name without extension).")
        var profileType: String?

        @Option(help: "Service provider name shown to the user (default: OpenRSP).")
        var serviceProvider: String?

        @Option(help: "Profile name shown to the user (default: the profile type).")
        var profileName: String?

        @Option(help: "Profile class: test, provisioning or operational (default).")
        var profileClass: String?

        @Option(help: "Profile owner as MCC-MNC, e.g. 001-01.")
        var owner: String?

        @Option(help: "ICCIDs per store transaction.")
        var batch = 10_000

        @Flag(help: "Draw the progress bar even when stderr is not a terminal.")
        var progress = false

        func validate() throws {
            guard batch > 0 else { throw ValidationError("--batch must be positive") }
            switch (iccidStart, count, iccids) {
            case (.some, .some(let count), nil) where count > 0: break
            case (nil, nil, .some): break
            default: throw ValidationError("give --iccid-start and a positive --count, or --iccids FILE")
            }
        }

        func run() async throws {
            let source = try iccidSource()
            let metadata = try batchMetadata()
            guard let upp = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            let bar = ProgressBar(total: source.count, label: "import")
            let drawBar = progress || ProgressBar.stderrIsTerminal
            let started = ContinuousClock.now
            try await ServerEnvironment.using(dataOptions) { environment in
                let template = try await environment.smdp.importTemplate(upp: Array(upp))
                if drawBar { bar.start() }
                do {
                    // One batch in memory at a time: the ICCIDs are generated as they are stored.
                    var pending: [ICCID] = []
                    pending.reserveCapacity(batch)
                    for iccid in source.iccids {
                        pending.append(iccid)
                        guard pending.count == batch else { continue }
                        try await environment.smdp.importProfiles(fromTemplate: template.id, iccids: pending, metadata: metadata)
                        bar.advance(by: pending.count)
                        pending.removeAll(keepingCapacity: true)
                    }
                    if !pending.isEmpty {
                        try await environment.smdp.importProfiles(fromTemplate: template.id, iccids: pending, metadata: metadata)
                        bar.advance(by: pending.count)
                    }
                } catch {
                    if drawBar { await bar.finish() }
                    throw error
                }
                if drawBar { await bar.finish() }
            }
            let seconds = (ContinuousClock.now - started).seconds
            let rate = seconds > 0 ? Double(source.count) / seconds : 0
            print(String(format: "%ld profiles imported in %.1f s (%.0f rows/s)", source.count, seconds, rate))
        }

        /// The ICCIDs to import and how many there are (for the progress bar).
        func iccidSource() throws -> (iccids: AnySequence<ICCID>, count: Int) {
            if let iccidStart, let count {
                let start: ICCID
                do { start = try ICCID(digits: iccidStart) } catch { throw ValidationError("--iccid-start: \(error)") }
                do {
                    let sequence = try ICCIDSequence(start: start, count: count)
                    return (AnySequence(sequence), count)
                } catch { throw ValidationError("--iccid-start: \(error)") }
            }
            guard let iccids, let text = try? String(contentsOfFile: iccids, encoding: .utf8) else {
                throw ValidationError("cannot read the ICCID file")
            }
            var list: [ICCID] = []
            for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                do { list.append(try ICCID(digits: trimmed)) } catch {
                    throw ValidationError("\(iccids) line \(number + 1): \(error)")
                }
            }
            return (AnySequence(list), list.count)
        }

        func batchMetadata() throws -> ProfileBatchMetadata {
            let type = profileType ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            return ProfileBatchMetadata(
                profileType: type, serviceProviderName: serviceProvider ?? "OpenRSP", profileName: profileName ?? type,
                profileClass: try ProfilesCommand.parseProfileClass(profileClass) ?? .operational,
                owner: try ProfilesCommand.parseOwner(owner))
        }
    }

    static func parseProfileClass(_ name: String?) throws -> ProfileClass? {
        try name.map { name in
            guard let value = ProfileClass.names.first(where: { $0.value == name })?.key else {
                throw ValidationError("profile class is test, provisioning or operational")
            }
            return ProfileClass(rawValue: value)
        }
    }

    static func parseOwner(_ text: String?) throws -> OperatorID? {
        try text.map { text in
            let parts = text.split(separator: "-").map(String.init)
            guard parts.count == 2 else { throw ValidationError("owner is MCC-MNC, e.g. 001-01") }
            return try OperatorID(mcc: parts[0], mnc: parts[1])
        }
    }
}
