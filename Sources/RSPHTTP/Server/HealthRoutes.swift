import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// What a load balancer probes on a device-facing listener (outside SGP.22, so no SGP.22 headers
/// or envelope, and no request log line: probes come every few seconds):
///
/// - `GET /health/live`: 200 while the process serves HTTP at all.
/// - `GET /health/ready`: 200 `{"status":"ready","node":ID}` when `ready()` says the node can do
///   its work (its database answers), else 503 `{"status":"unavailable","node":ID}` — never the
///   reason, which could name a database or a user. A check that takes longer than `timeout` is
///   answered as unavailable, so a hung database does not pile up probes.
public struct HealthRoutes: RSPRouteGroup {
    public static let livePath = "/health/live"
    public static let readyPath = "/health/ready"

    public let nodeID: String
    public let timeout: Duration
    let ready: @Sendable () async -> Bool

    public init(nodeID: String, timeout: Duration = .seconds(2), ready: @escaping @Sendable () async -> Bool) {
        self.nodeID = nodeID
        self.timeout = timeout
        self.ready = ready
    }

    public func register(on router: Router<RSPRequestContext>, options: RSPServer.Options) {
        router.get(RouterPath(Self.livePath)) { _, _ in
            Self.response(.ok, HealthStatus(status: "live", node: nodeID))
        }
        router.get(RouterPath(Self.readyPath)) { _, _ in
            await isReady()
                ? Self.response(.ok, HealthStatus(status: "ready", node: nodeID))
                : Self.response(.serviceUnavailable, HealthStatus(status: "unavailable", node: nodeID))
        }
    }

    /// `ready()`, or false once `timeout` has passed. The check runs in its own task: one that
    /// ignores cancellation cannot hold the probe's answer.
    func isReady() async -> Bool {
        await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let check = Task { [ready] in await ready() }
            let timer = Task { [timeout] in
                do { try await Task.sleep(for: timeout) } catch { return }
                answer.resume(false)
                check.cancel()
            }
            Task {
                answer.resume(await check.value)
                timer.cancel()
            }
        }
    }

    static func response(_ status: HTTPResponse.Status, _ body: HealthStatus) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        // Two string fields cannot fail to encode; the fallback keeps the status code honest anyway.
        let data = (try? JSONEncoder.health.encode(body)) ?? Data(#"{"status":"\#(body.status)"}"#.utf8)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The body of a health answer.
public struct HealthStatus: Codable, Hashable, Sendable {
    public var status: String
    public var node: String

    public init(status: String, node: String) {
        self.status = status
        self.node = node
    }
}

/// Resumes a continuation with the first answer that arrives (the check or its timeout), once.
private final class FirstAnswer: Sendable {
    private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

    init(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: Bool) {
        let first = continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        first?.resume(returning: value)
    }
}

extension JSONEncoder {
    fileprivate static var health: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
