import Logging
import ServiceLifecycle

/// Runs services in a `ServiceGroup` for the duration of `body`, then stops them with graceful
/// shutdown (not task cancellation) and waits until they returned.
func withRunningServices<Result: Sendable>(
    _ services: [any Service], _ body: @Sendable () async throws -> Result
) async throws -> Result {
    let group = ServiceGroup(services: services, logger: Logger(label: "test"))
    return try await withThrowingTaskGroup(of: Result?.self) { tasks in
        tasks.addTask {
            try await group.run()
            return nil
        }
        let result: Result
        do {
            result = try await body()
        } catch {
            await group.triggerGracefulShutdown()
            while let _ = try? await tasks.next() {}
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}
