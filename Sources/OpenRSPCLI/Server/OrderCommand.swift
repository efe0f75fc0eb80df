import ArgumentParser
import Foundation
import Logging
import RSPCore
import SMDPPlus

struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Download orders (what ES2+ does for an operator).",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Order and release a profile for download; prints its activation code.")

        @OptionGroup var dataOptions: DataOptions

        @Option(help: "ICCID of an available profile.")
        var iccid: String

        @Option(help: "Restrict the download to this eUICC.")
        var eid: String?

        @Option(help: "Require this confirmation code (stored only as its SHA-256).")
        var confirmationCode: String?

        @Option(help: "Use this matchingId instead of a random one.")
        var matchingId: String?

        @Flag(help: "Announce the order on the co-hosted SM-DS (ES12; needs --eid), so the device can discover it.")
        var smds = false

        func run() async throws {
            let eid = try eid.map { try EID(digits: $0) }
            if smds && eid == nil { throw ValidationError("an SM-DS event needs --eid") }
            let iccid = try ICCID(digits: iccid, checkLuhn: false)
            try await ServerEnvironment.using(dataOptions) { environment in
                let (order, activationCode) = try await environment.smdp.createOrder(
                    iccid: iccid, eid: eid, confirmationCode: confirmationCode, matchingId: matchingId)
                print(activationCode.description)
                if smds {
                    try await environment.smdp.registerEvent(for: order)
                    print("event \(order.matchingId) registered on the SM-DS \(environment.settings.smdsAddress ?? "")")
                }
            }
        }
    }
}
