import ArgumentParser
import Foundation
import LPA
import Logging
import RSPCore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole download loop on loopback — SM-DP+ over HTTPS, software eUICC, LPA — and narrate it.",
        discussion: "Uses a fresh temporary directory (kept with --keep) and a TS.48 test profile."
    )

    @Option(help: "Unprotected Profile Package to download (default: a TS.48 v5 test profile from ../shared/profiles).")
    var profile: String?

    @Flag(help: "Print a JSON summary instead of the narration.")
    var json = false

    @Flag(help: "Keep the working directory.")
    var keep = false

    func run() async throws {
        let profileURL = try profile.map(URL.init(fileURLWithPath:)) ?? Self.defaultProfile()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-demo-\(UUID().uuidString)")
        var logger = Logger(label: "openrsp.demo")
        logger.logLevel = .error
        let say: @Sendable (String) -> Void = { [json] line in if !json { print(line) } }

        let deployment = try await LoopbackDeployment.start(in: directory, logger: logger)
        defer { if !keep { try? FileManager.default.removeItem(at: directory) } }
        do {
            say("1. SM-DP+ \(deployment.smdpAddress) is serving ES9+ over HTTPS on 127.0.0.1:\(deployment.port) (SQLite store, generated SGP.22 PKI)")
            let eid = deployment.card.isdr.identity.eid
            say("2. software eUICC \(eid) created in \(directory.appendingPathComponent("euicc").path)")
            let (record, code) = try await deployment.order(profile: profileURL)
            say("3. operator imported \(record.profileType) (ICCID \(record.iccid.paddedDigits)) and released an order")
            say("   activation code: \(code)")
            say("4. LPA downloads the profile:")
            let result = try await deployment.lpa.download(activationCode: code, confirmationCode: nil) { step in say("   · \(step)") }
            let state = try await deployment.store.order(matchingId: code.matchingID)?.state.rawValue ?? "?"
            say("5. installed ICCID \(result.iccid.paddedDigits) in ISD-P \(result.isdpAid.hex); the SM-DP+ records the order as \(state)")
            let enabled = try await deployment.lpa.enable(iccid: result.iccid)
            say("6. enabled \(result.iccid.paddedDigits); \(enabled.notifications.delivered.count) notification(s) delivered to the SM-DP+")
            let profiles = try await deployment.lpa.profiles()
            for profile in profiles {
                say("   eUICC profile \(profile.iccid?.paddedDigits ?? "-")  \(profile.profileState == .enabled ? "enabled" : "disabled")  \(profile.profileName ?? "")")
            }
            if json {
                try Output.json([
                    "smdpAddress": deployment.smdpAddress, "eid": eid.digits, "activationCode": code.description,
                    "installedICCID": result.iccid.paddedDigits, "orderState": state,
                    "profiles": profiles.map { ["iccid": $0.iccid?.paddedDigits ?? "", "state": $0.profileState == .enabled ? "enabled" : "disabled"] },
                ])
            }
            await deployment.stop()
        } catch {
            await deployment.stop()
            throw error
        }
    }

    /// A TS.48 v5 profile beside the repository (../shared/profiles), as the vectors README describes.
    static func defaultProfile() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../shared/profiles"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/profiles"),
        ]
        for directory in candidates {
            let file = directory.appendingPathComponent("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")
            if FileManager.default.fileExists(atPath: file.path) { return file.standardizedFileURL }
        }
        throw ValidationError("no TS.48 profile found in ../shared/profiles: pass --profile FILE")
    }
}
