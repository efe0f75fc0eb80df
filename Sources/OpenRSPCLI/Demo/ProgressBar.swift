import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on stderr, redrawn a few times a second while downloads run:
/// `downloads [#######---------]  812/2000  41%  271.3/s`. Never on stdout, so `--json` output
/// stays clean.
final class ProgressBar: Sendable {
    let total: Int
    let label: String
    private let done = Atomic<Int>(0)
    private let startedAt = ContinuousClock.now
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    /// Whether a bar should be drawn by default: only when stderr is a terminal.
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    init(total: Int, label: String = "downloads") {
        self.total = total
        self.label = label
    }

    func advance() { done.add(1, ordering: .relaxed) }
    func advance(by count: Int) { done.add(count, ordering: .relaxed) }

    /// Starts redrawing every 200 ms.
    func start() {
        let task = Task { [self] in
            while !Task.isCancelled {
                draw()
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        ticker.withLock { $0 = task }
    }

    /// Stops redrawing, draws the final state and ends the line.
    func finish() async {
        let task = ticker.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
        draw()
        FileHandle.standardError.write(Data("\n".utf8))
    }

    func draw() {
        let count = done.load(ordering: .relaxed)
        let width = 30
        let fraction = total > 0 ? min(1, Double(count) / Double(total)) : 1
        let filled = Int(fraction * Double(width))
        let elapsed = ContinuousClock.now - startedAt
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(count) / seconds : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "\r\(label) [\(bar)] " + String(format: "%6ld/%ld %3.0f%% %8.1f/s", count, total, fraction * 100, rate)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
