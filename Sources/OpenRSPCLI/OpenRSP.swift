import ArgumentParser
import Foundation
import Logging

@main
struct OpenRSP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openrsp",
        abstract: "OpenRSP — GSMA SGP.22 remote SIM provisioning: SM-DP+, SM-DS, eUICC and LPA.",
        subcommands: [
            ServeCommand.self, DBCommand.self, ProfilesCommand.self, OrderCommand.self, OperatorCommand.self, ES2Command.self, EUICCCommand.self, LPACommand.self, DemoCommand.self,
            PKICommand.self, DecodeCommand.self, BenchCommand.self,
        ]
    )

    /// Logs go to standard error, so standard output stays the command's result. Servers log each
    /// request (info); tools only warnings. `OPENRSP_LOG_LEVEL` (trace…critical) overrides.
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        let serving = arguments.first == "serve" || (arguments.first == "euicc" && arguments.dropFirst().first == "serve")
        let level = ProcessInfo.processInfo.environment["OPENRSP_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            ?? (serving ? .info : .warning)
        LoggingSystem.bootstrap { label in StandardErrorLogHandler(label: label, logLevel: level) }
        await Self.main(nil)
    }
}
