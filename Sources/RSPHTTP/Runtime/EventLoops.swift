import Foundation
import NIOCore
import Synchronization

/// The threads of SwiftNIO's shared event loop group, where every server and client of this
/// process (Hummingbird and AsyncHTTPClient alike) runs its TLS and HTTP.
public enum EventLoops {
    private static let chosen = Mutex<Int?>(nil)

    /// Starts the shared group with `count` threads instead of one per core. Only the first call
    /// counts; the `NIO_SINGLETON_GROUP_LOOP_COUNT` environment variable, when set, wins.
    ///
    /// - Precondition: no server or client of this process has started yet: NIO fixes the count
    ///   when its group is first used and traps on a later change. Call it first thing in a
    ///   command, as `openrsp bench` does; never from a library or a test process.
    /// - Returns: the count in effect for the group from now on, nil if NIO's default applies.
    @discardableResult
    public static func useThreads(_ count: Int) -> Int? {
        chosen.withLock { chosen in
            if let chosen { return chosen }
            guard ProcessInfo.processInfo.environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil else { return nil }
            let count = max(1, count)
            NIOSingletons.groupLoopCountSuggestion = count
            chosen = count
            return count
        }
    }
}
