import Foundation

/// `openrsp bench ARGUMENTS` run as its own process in a scratch directory, to its end.
enum BenchProcess {
    static func run(_ arguments: [String], name: String = "bench") async throws -> CommandResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await OpenRSPProcess(arguments: ["bench"] + arguments, outputDirectory: directory, name: name)
            .waitForExit(timeout: .seconds(300))
    }
}
