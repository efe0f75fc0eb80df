import ArgumentParser
import Foundation
import LPA
import RSPCore

struct LPACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lpa",
        abstract: "The Local Profile Assistant: download and manage profiles on an eUICC.",
        discussion: "Example: openrsp lpa --euicc ./my-euicc download --activation-code 'LPA:1$localhost:8443$ABCD-1234'",
        subcommands: [Info.self, Discover.self, Download.self, Profiles.self, Enable.self, Disable.self, Delete.self, Nickname.self,
                      Notifications.self, Reset.self]
    )

    @OptionGroup var options: LPAOptions

    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "EID, EUICCInfo2 and configured addresses.")
        @OptionGroup var options: LPAOptions

        func run() async throws {
            let info = try await LPAConnection.with(options) { try await $0.lpa.info() }
            if options.json {
                var tree: [String: Any] = [
                    "eid": info.eid.digits, "euiccInfo2": try Output.tree(info.euiccInfo2),
                    "configuredAddresses": try Output.tree(info.configuredAddresses),
                ]
                if let range = info.supportedVersions { tree["supportedVersions"] = range.description }
                if let features = info.features { tree["features"] = features.description }
                try Output.json(tree)
                return
            }
            print("EID                 \(info.eid)")
            print("SVN                 \(Self.version(info.euiccInfo2.svn))")
            print("SGP.22 versions     \(info.supportedVersions?.description ?? "-")")
            print("features            \(info.features.map { $0.description.isEmpty ? "none" : $0.description } ?? "-")")
            print("firmware            \(Self.version(info.euiccInfo2.euiccFirmwareVer))")
            print("default SM-DP+      \(info.configuredAddresses.defaultDpAddress ?? "-")")
            print("root SM-DS          \(info.configuredAddresses.rootDsAddress)")
            print("CI keys (verify)    \(info.euiccInfo2.euiccCiPKIdListForVerification.map(\.hex).joined(separator: ", "))")
        }

        static func version(_ octets: OctetString) -> String {
            (try? SpecificationVersion(octets).description) ?? octets.hex
        }
    }

    struct Discover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask an SM-DS (ES11) which events wait for this eUICC (default: the eUICC's root SM-DS).")
        @OptionGroup var options: LPAOptions

        @Option(help: "SM-DS address (FQDN[:port]).")
        var smds: String?

        func run() async throws {
            let events = try await LPAConnection.with(options) { try await $0.lpa.discover(smdsAddress: smds) }
            if options.json {
                try Output.json(events.map { ["eventId": $0.eventId, "rspServerAddress": $0.rspServerAddress] })
                return
            }
            for (index, event) in events.enumerated() {
                print("\(index + 1). event \(event.eventId) at \(event.rspServerAddress)")
            }
            print("\(events.count) event(s)")
        }
    }

    struct Download: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download and install a profile from an activation code, or from an SM-DS event (--from-event).")
        @OptionGroup var options: LPAOptions

        @Option(help: "Activation code, e.g. LPA:1$smdp.example.com$MATCHING-ID")
        var activationCode: String?

        @Flag(help: "Discover events on the SM-DS and download one (the first, or --event N).")
        var fromEvent = false

        @Option(help: "With --from-event: which event (1-based).")
        var event = 1

        @Option(help: "With --from-event: SM-DS address (default: the eUICC's root SM-DS).")
        var smds: String?

        @Option(help: "Confirmation code, when the operator gave one.")
        var confirmationCode: String?

        func validate() throws {
            guard (activationCode != nil) != fromEvent else {
                throw ValidationError("give either --activation-code or --from-event")
            }
        }

        func run() async throws {
            let json = options.json
            let progress: LocalProfileAssistant.ProgressHandler = { step in if !json { print("  · \(step)") } }
            let result = try await LPAConnection.with(options) { connection in
                if let activationCode {
                    return try await connection.lpa.download(
                        activationCodeText: activationCode, confirmationCode: confirmationCode, progress: progress)
                }
                let events = try await connection.lpa.discover(smdsAddress: smds)
                guard events.indices.contains(event - 1) else {
                    throw ValidationError("the SM-DS has \(events.count) event(s) for this eUICC; no event \(event)")
                }
                return try await connection.lpa.download(
                    event: events[event - 1], confirmationCode: confirmationCode, progress: progress)
            }
            if json {
                try Output.json([
                    "iccid": result.iccid.paddedDigits, "isdpAid": result.isdpAid.hex,
                    "transactionId": result.transactionId.hex,
                    "profileMetadata": try Output.tree(result.profileMetadata),
                    "installationResultDelivered": result.installationResultDelivered,
                    "negotiatedVersion": result.agreement.version.description,
                    "features": result.agreement.features.description,
                    "serverAnnouncedVersion": result.agreement.announced,
                ])
            } else {
                print("installed \(result.iccid.paddedDigits) (\(result.profileMetadata.serviceProviderName): \(result.profileMetadata.profileName)) in ISD-P \(result.isdpAid.hex)")
                print("SGP.22 version \(result.agreement.version) (\(result.agreement.features))")
                if !result.installationResultDelivered {
                    print("the installation result is still on the eUICC: send it later with `notifications --process`")
                }
            }
        }
    }

    struct Profiles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the installed profiles.")
        @OptionGroup var options: LPAOptions

        func run() async throws {
            let profiles = try await LPAConnection.with(options) { try await $0.lpa.profiles() }
            if options.json {
                try Output.json(try profiles.map { try Output.tree($0) })
                return
            }
            for profile in profiles {
                let state = profile.profileState == .enabled ? "enabled " : "disabled"
                let name = [profile.serviceProviderName, profile.profileName, profile.profileNickname.map { "“\($0)”" }]
                    .compactMap { $0 }.joined(separator: " · ")
                print("\(profile.iccid?.paddedDigits ?? "-")  \(state)  \(name)")
            }
            print("\(profiles.count) profile(s)")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a profile (the enabled one is disabled).")
        @OptionGroup var options: LPAOptions
        @Argument(help: "ICCID") var iccid: String

        func run() async throws {
            let id = try ICCID(digits: iccid, checkLuhn: false)
            let result = try await LPAConnection.with(options) { try await $0.lpa.enable(iccid: id) }
            try report(result, options: options)
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a profile.")
        @OptionGroup var options: LPAOptions
        @Argument(help: "ICCID") var iccid: String

        func run() async throws {
            let id = try ICCID(digits: iccid, checkLuhn: false)
            let result = try await LPAConnection.with(options) { try await $0.lpa.disable(iccid: id) }
            try report(result, options: options)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a (disabled) profile.")
        @OptionGroup var options: LPAOptions
        @Argument(help: "ICCID") var iccid: String

        func run() async throws {
            let id = try ICCID(digits: iccid, checkLuhn: false)
            let result = try await LPAConnection.with(options) { try await $0.lpa.delete(iccid: id) }
            try report(result, options: options)
        }
    }

    struct Nickname: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a profile's nickname.")
        @OptionGroup var options: LPAOptions
        @Argument(help: "ICCID") var iccid: String
        @Argument(help: "Nickname (up to 64 characters)") var name: String

        func run() async throws {
            let id = try ICCID(digits: iccid, checkLuhn: false)
            try await LPAConnection.with(options) { try await $0.lpa.setNickname(iccid: id, nickname: name) }
            if options.json { try Output.json(["iccid": id.paddedDigits, "nickname": name]) } else { print("nickname set") }
        }
    }

    struct Notifications: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List pending notifications, or send them with --process.")
        @OptionGroup var options: LPAOptions
        @Flag(help: "Send each pending notification to its SM-DP+ and remove the delivered ones.")
        var process = false

        func run() async throws {
            if process {
                let report = try await LPAConnection.with(options) { try await $0.lpa.processNotifications() }
                try printReport(report, options: options)
                return
            }
            let list = try await LPAConnection.with(options) { try await $0.lpa.notifications() }
            if options.json {
                try Output.json(try list.map { try Output.tree($0) })
                return
            }
            for item in list {
                print("#\(item.seqNumber)  \(NotificationNames.describe(item.profileManagementOperation))  \(item.iccid?.paddedDigits ?? "")  → \(item.notificationAddress)")
            }
            print("\(list.count) pending notification(s)")
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "eUICC memory reset: delete operational (and test) profiles.")
        @OptionGroup var options: LPAOptions
        @Flag(help: "Also delete field-loaded test profiles.") var testProfiles = false
        @Flag(help: "Also reset the default SM-DP+ address.") var defaultAddress = false

        func run() async throws {
            var resetOptions: MemoryResetOptions = [.deleteOperationalProfiles]
            if testProfiles { resetOptions.insert(.deleteFieldLoadedTestProfiles) }
            if defaultAddress { resetOptions.insert(.resetDefaultSmdpAddress) }
            let result = try await LPAConnection.with(options) { try await $0.lpa.memoryReset(options: resetOptions) }
            if options.json { try Output.json(["resetResult": result.description]) } else { print("memory reset: \(result)") }
        }
    }
}

func report(_ result: ProfileOperationResult, options: LPAOptions) throws {
    if options.json {
        try Output.json([
            "iccid": result.iccid.paddedDigits, "operation": "\(result.operation)",
            "notificationsDelivered": result.notifications.delivered.count,
            "notificationsKept": result.notifications.kept.count,
        ])
        return
    }
    print("\(result.operation) \(result.iccid.paddedDigits): ok")
    try printReport(result.notifications, options: options)
}

func printReport(_ report: NotificationReport, options: LPAOptions) throws {
    if options.json {
        try Output.json([
            "delivered": report.delivered.map(\.seqNumber),
            "kept": report.kept.map { ["seqNumber": $0.metadata.seqNumber, "error": $0.error.description] },
        ])
        return
    }
    for delivered in report.delivered {
        print("  notification #\(delivered.seqNumber) delivered to \(delivered.notificationAddress)")
    }
    for kept in report.kept {
        print("  notification #\(kept.metadata.seqNumber) kept: \(kept.error)")
    }
    if let error = report.retrievalError { print("  notifications could not be read: \(error)") }
}

enum NotificationNames {
    static func describe(_ bits: BitString) -> String {
        let names = ["install", "enable", "disable", "delete"]
        return bits.setBits.map { $0 < names.count ? names[$0] : "bit\($0)" }.joined(separator: ",")
    }
}
