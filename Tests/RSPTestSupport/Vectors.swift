import Foundation

/// Locates the interoperability vectors (`../shared/vectors` beside the repository, or
/// `$OPENRSP_VECTORS`). Tests that need them fail loudly when they are missing: a
/// known-answer test that silently skips proves nothing.
public enum Vectors {
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "interoperability vector not found: \(path) (set OPENRSP_VECTORS)" }
    }

    public static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["OPENRSP_VECTORS"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        // Tests/RSPTestSupport/Vectors.swift → repository root → ../shared/vectors
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/vectors")
    }

    public static var session: URL { directory.appendingPathComponent("pysim-es9plus-session") }
    public static var profiles: URL { directory.deletingLastPathComponent().appendingPathComponent("profiles") }

    public static func bytes(_ relativePath: String, in base: URL = session) throws -> [UInt8] {
        let url = base.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Missing(path: url.path) }
        return Array(data)
    }

    /// A JSON object file (an ES9+ body).
    public static func json(_ relativePath: String, in base: URL = session) throws -> [String: Any] {
        let data = Data(try bytes(relativePath, in: base))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Missing(path: relativePath + " (not a JSON object)")
        }
        return object
    }

    /// A base64 field of a JSON body, decoded.
    public static func base64Field(_ field: String, of relativePath: String) throws -> [UInt8] {
        guard let text = try json(relativePath)[field] as? String, let data = Data(base64Encoded: text) else {
            throw Missing(path: "\(relativePath)#\(field)")
        }
        return Array(data)
    }

    public static func files(in relativeDirectory: String, base: URL = session) throws -> [String] {
        let url = base.appendingPathComponent(relativeDirectory)
        return try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}
