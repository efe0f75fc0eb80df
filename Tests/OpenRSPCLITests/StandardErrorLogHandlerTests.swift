import Logging
import Testing

@testable import OpenRSPCLI

/// The CLI's log handler keeps metadata unformatted until a line is written, then writes it
/// through swift-log's `StreamLogHandler` with the same label, level and metadata.
@Suite("standard-error log handler")
struct StandardErrorLogHandlerTests {
    @Test("metadata set key by key or at once, the level and the provider reach the writer")
    func writerState() {
        var handler = StandardErrorLogHandler(label: "openrsp.test", logLevel: .warning, metadataProvider: nil)
        handler[metadataKey: "hb.request.id"] = "42"
        handler[metadataKey: "ahc-request-id"] = "7"
        handler[metadataKey: "ahc-request-id"] = nil
        #expect(handler[metadataKey: "hb.request.id"] == "42")
        var writer = handler.writer()
        #expect(writer.logLevel == .warning)
        #expect(writer.metadata == ["hb.request.id": "42"])
        #expect(writer.metadataProvider == nil)

        handler.metadata = ["a": "1"]
        handler.logLevel = .trace
        handler.metadataProvider = Logger.MetadataProvider { ["p": "2"] }
        writer = handler.writer()
        #expect(writer.logLevel == .trace)
        #expect(writer.metadata == ["a": "1"])
        #expect(writer.metadataProvider?.get() == ["p": "2"])
    }

    @Test("a Logger on it filters by its level")
    func levels() {
        var logger = Logger(label: "openrsp.test") { StandardErrorLogHandler(label: $0, logLevel: .error, metadataProvider: nil) }
        #expect(logger.logLevel == .error)
        logger[metadataKey: "k"] = "v"
        #expect(logger[metadataKey: "k"] == "v")
        logger.logLevel = .info
        #expect(logger.handler.logLevel == .info)
    }
}
