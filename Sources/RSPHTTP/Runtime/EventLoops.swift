import NIOCore
import NIOPosix

/// A dedicated SwiftNIO event loop group with a chosen number of threads, for a process that hosts
/// servers and clients together (`openrsp bench`): pass `group` to their options and
/// configurations (`RSPServer.Options`, `ES9PlusHTTPClient.Configuration`), and shut it down once
/// all of them have stopped. Unlike resizing NIO's shared singleton group, which traps when the
/// singleton has already started, this can be created at any time, any number of times.
public final class EventLoops: Sendable {
    public let group: any EventLoopGroup
    public let threads: Int

    public init(threads: Int) {
        self.threads = max(1, threads)
        group = MultiThreadedEventLoopGroup(numberOfThreads: self.threads)
    }

    /// Stops the threads; call it after every server and client on the group has shut down.
    public func shutdown() async {
        try? await group.shutdownGracefully()
    }
}
