import ServiceLifecycle

/// Work a server repeats in the background (delivering the callback outbox, expiring orders),
/// as a swift-service-lifecycle `Service`: it stops at graceful shutdown. `work` handles its own
/// errors — a failed pass is logged and retried at the next one, never ending the server.
struct BackgroundWork: Service {
    let interval: Duration
    let work: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await work()
                try? await Task.sleep(for: interval)
            }
        }
    }
}
