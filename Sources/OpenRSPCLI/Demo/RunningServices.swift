import Logging
import RSPHTTP
import ServiceLifecycle

/// A server that reports the port it bound (port 0 picks a free one).
protocol PortBoundService: Service {
    func boundPort() async throws -> Int
}

extension RSPServer: PortBoundService {}
/// ES12 and ES2+ listeners.
extension MutualTLSServer: PortBoundService {}

/// Servers started together in one `ServiceGroup`, with the ports they bound (in order).
struct RunningServices: Sendable {
    let ports: [Int]
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts `servers` and waits until each listens; stops them all if one fails to.
    static func start(_ servers: [any PortBoundService], logger: Logger) async throws -> RunningServices {
        let group = ServiceGroup(configuration: .init(services: servers, logger: logger))
        let task = Task { try await group.run() }
        do {
            var ports: [Int] = []
            for server in servers { ports.append(try await server.boundPort()) }
            return RunningServices(ports: ports, group: group, task: task)
        } catch {
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw error
        }
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
