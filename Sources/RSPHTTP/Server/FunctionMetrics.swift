import Metrics
import Synchronization

/// What a listener's SGP.22 function calls record, through swift-metrics: how many ended with
/// each outcome (§6.5.1.4: `Executed-Success`, or `Failed` with its subject and reason code)
/// and how long each function took, from its request to its answer.
///
/// The labels are bounded sets: the listener, the function (the route's last path component:
/// only routed paths reach the middleware) and the status codes. Nothing names a device,
/// profile or transaction, so the series stay few and carry no subscriber data.
///
/// The factory is passed in, not bootstrapped process-wide: several servers in one process
/// (tests, `openrsp bench`) each keep their own figures, and none records unless given one.
public struct FunctionMetrics: Sendable {
    /// Calls by listener, function and outcome (a counter).
    public static let callsLabel = "rsp_function_calls_total"
    /// Time to answer, by listener and function (a timer: a histogram in Prometheus).
    public static let durationLabel = "rsp_function_duration_seconds"

    public let factory: any MetricsFactory
    /// Which listener this is, e.g. "es9plus", "es11", "es2plus", "es12".
    public let listener: String
    /// The counters and timers made so far: one lookup per call instead of making both again
    /// (with Prometheus, 3.3 µs a recorded call instead of 4.6: ordo benchmark "function metrics").
    private let made = Instruments()

    public init(factory: any MetricsFactory, listener: String) {
        self.factory = factory
        self.listener = listener
    }

    /// A listener's outcome of one call.
    public enum Outcome: Hashable, Sendable {
        case executedSuccess
        case failed(subjectCode: String, reasonCode: String)
    }

    /// Counts one call of `function` with its outcome, and times it.
    public func record(function: String, outcome: Outcome, duration: Duration) {
        let (counter, timer) = instruments(function: function, outcome: outcome)
        counter.increment()
        timer.record(duration: duration)
    }

    private func instruments(function: String, outcome: Outcome) -> (Counter, CoreMetrics.Timer) {
        let key = Instruments.Key(function: function, outcome: outcome)
        return made.cache.withLock { cache in
            if let found = cache[key] { return found }
            let status: [(String, String)] = switch outcome {
            case .executedSuccess:
                [("status", "Executed-Success"), ("subject_code", ""), ("reason_code", "")]
            case .failed(let subject, let reason):
                [("status", "Failed"), ("subject_code", subject), ("reason_code", reason)]
            }
            let call = [("listener", listener), ("function", function)]
            let made = (
                Counter(label: Self.callsLabel, dimensions: call + status, factory: factory),
                CoreMetrics.Timer(label: Self.durationLabel, dimensions: call, factory: factory)
            )
            cache[key] = made
            return made
        }
    }

    /// Bounded like the labels: the routed functions times the status codes they answer with.
    private final class Instruments: Sendable {
        struct Key: Hashable {
            var function: String
            var outcome: Outcome
        }

        let cache = Mutex<[Key: (Counter, CoreMetrics.Timer)]>([:])
    }
}
