import Logging
import Prometheus
import RSPHTTP
import RSPStore

/// `serve --metrics-port`: one Prometheus registry for the process, each listener's SGP.22 calls
/// recorded under its own `listener` label, and a plain-HTTP listener answering `GET /metrics`.
struct ServerMetrics {
    /// From a fast ES9+ call on an idle node (about 1 ms) to a request timeout, with a boundary at
    /// 20 ms, the p99 objective `openrsp bench` measures ES9+ calls against.
    static let durationBuckets: [Duration] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000]
        .map { .milliseconds($0) }

    /// A SQLite commit: a fraction of a millisecond on a fast disk, tens on a slow one.
    static let commitBuckets: [Duration] = [100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 1_000_000]
        .map { .microseconds($0) }
    /// Writes per commit: 1 to `SQLiteGroupCommit.maximumBatch` (64).
    static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64]

    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[FunctionMetrics.durationLabel] = Self.durationBuckets
        factory.durationHistogramBuckets[GroupCommitMetrics.durationLabel] = Self.commitBuckets
        factory.valueHistogramBuckets[GroupCommitMetrics.writesLabel] = Self.batchBuckets
        self.factory = factory
    }

    /// Options for a listener whose calls are recorded as `listener`.
    func options(listener: String) -> RSPServer.Options {
        RSPServer.Options(metrics: FunctionMetrics(factory: factory, listener: listener))
    }

    /// The scrape endpoint.
    func server(host: String, port: Int, logger: Logger) -> RSPServer {
        RSPServer(routeGroups: [MetricsRoutes { [registry] in registry.emitToBuffer() }], host: host, port: port, tls: nil, logger: logger)
    }
}

extension Optional<ServerMetrics> {
    /// A listener's options: recorded as `listener` with metrics, the defaults without.
    func options(listener: String) -> RSPServer.Options {
        self?.options(listener: listener) ?? RSPServer.Options()
    }
}
