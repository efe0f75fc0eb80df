import CoreMetrics

/// A swift-metrics factory that keeps every timer value as a latency sample, under the timer's
/// "function" dimension: what `FunctionMetrics` on the bench's SM-DP+ listener measured inside
/// the server, for the report's percentiles. Counters and other instruments record nothing.
struct SampledTimers: MetricsFactory {
    let samples: LatencySamples

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Sampled(samples: samples, name: dimensions.first { $0.0 == "function" }?.1 ?? label)
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        NOOPMetricsHandler.instance
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        NOOPMetricsHandler.instance
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    private final class Sampled: TimerHandler {
        let samples: LatencySamples
        let name: String

        init(samples: LatencySamples, name: String) {
            self.samples = samples
            self.name = name
        }

        func recordNanoseconds(_ duration: Int64) {
            samples.record(name, milliseconds: Double(duration) / 1e6)
        }
    }
}
