import ArgumentParser

@main
struct OpenRSP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openrsp",
        abstract: "OpenRSP — GSMA SGP.22 remote SIM provisioning: SM-DP+, SM-DS, eUICC and LPA.",
        subcommands: [
            ServeCommand.self, ProfilesCommand.self, OrderCommand.self, EUICCCommand.self, LPACommand.self, DemoCommand.self,
            PKICommand.self, DecodeCommand.self, BenchCommand.self,
        ]
    )
}
