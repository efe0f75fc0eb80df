import Metrics

/// What a SQLite database's group commits record, through swift-metrics: how many writes each
/// commit carried, and how long it took from BEGIN to COMMIT, its fsync included. On a disk whose
/// fsync takes milliseconds the commit time is what bounds the write rate, and the batch sizes
/// show how much of it concurrent downloads share.
public struct GroupCommitMetrics: Sendable {
    /// Writes per commit (a recorder: a histogram in Prometheus).
    public static let writesLabel = "sqlite_commit_writes"
    /// BEGIN to COMMIT, fsync included (a timer).
    public static let durationLabel = "sqlite_commit_duration_seconds"

    public let factory: any MetricsFactory

    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// The instruments of the database named `database` (e.g. "smdp", "smds").
    func instruments(database: String) -> Instruments {
        let dimensions = [("database", database)]
        return Instruments(
            writes: Recorder(label: Self.writesLabel, dimensions: dimensions, factory: factory),
            duration: CoreMetrics.Timer(label: Self.durationLabel, dimensions: dimensions, factory: factory))
    }

    struct Instruments: Sendable {
        let writes: Recorder
        let duration: CoreMetrics.Timer
    }
}
