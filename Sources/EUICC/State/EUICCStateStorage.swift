import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the eUICC keeps its `EUICCState`. `save` is called after every change and must be atomic:
/// after a crash the old or the new state is there, never a mix.
public protocol EUICCStateStorage: Sendable {
    func load() throws -> EUICCState?
    func save(_ state: EUICCState) throws
}

/// Keeps the state in memory only (tests, throw-away eUICCs).
public final class InMemoryEUICCStateStorage: EUICCStateStorage, @unchecked Sendable {
    private let lock = NSLock()
    private var state: EUICCState?

    public init(_ state: EUICCState? = nil) { self.state = state }

    public func load() throws -> EUICCState? { lock.withLock { state } }
    public func save(_ state: EUICCState) throws { lock.withLock { self.state = state } }
}

/// The state as a JSON file, replaced atomically: written to a temporary file in the same directory,
/// synced, then renamed over the old one.
public struct EUICCStateFile: EUICCStateStorage {
    public static let defaultFileName = "euicc-state.json"

    public let url: URL

    public init(url: URL) { self.url = url }

    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public func load() throws -> EUICCState? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw Failure(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(EUICCState.self, from: data) } catch {
            throw Failure(path: url.path, reason: "corrupt eUICC state: \(error)")
        }
    }

    public func save(_ state: EUICCState) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(state)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw Failure(path: url.path, reason: "cannot write \(temporary.lastPathComponent)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(temporary.path)
            throw Failure(path: url.path, reason: "cannot sync: \(error.localizedDescription)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw Failure(path: url.path, reason: "cannot rename: \(reason)")
        }
    }
}
