import Logging

/// swift-log's `StreamLogHandler` on standard error, with the same output, but metadata formatted
/// only when a line is written. `StreamLogHandler` re-renders its whole metadata on every change,
/// and Hummingbird and AsyncHTTPClient set a request id on their logger for every request: on a
/// server logging at warning, that was string formatting for lines that were never written.
struct StandardErrorLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, logLevel: Logger.Level, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        writer().log(event: event)
    }

    /// The `StreamLogHandler` that writes a line, holding this handler's state.
    func writer() -> StreamLogHandler {
        var writer = StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
        writer.logLevel = logLevel
        writer.metadata = metadata
        return writer
    }
}
