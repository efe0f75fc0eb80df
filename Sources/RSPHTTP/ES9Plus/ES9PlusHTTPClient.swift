import AsyncHTTPClient
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import RSPCore
import X509

/// The LPA's ES9+ over HTTPS (SGP.22 §6.5.2, transport §2.6.7), as an `ES9PlusService`.
///
/// Calls `https://<smdpAddress>/gsma/rsp2/es9plus/<function>` with the SGP.22 headers; a
/// `Failed` function execution status is thrown as its `StatusCode`, anything else that goes
/// wrong as an `ES9PlusHTTPClientError`. The server is authenticated against the configured
/// CA certificates (the CI); there is no way to skip verification — only plain HTTP, for a
/// test set-up behind a TLS-terminating proxy, where no TLS is claimed at all.
///
/// The client owns an `HTTPClient`: call `shutdown()` when done, or use `withClient`.
public final class ES9PlusHTTPClient: ES9PlusService {
    public enum Transport: Sendable {
        case https(trust: RSPTLS.Trust)
        /// No TLS: only for tests and deployments behind a TLS proxy.
        case plainHTTP
    }

    public struct Configuration: Sendable {
        public var transport: Transport
        public var connectTimeout: TimeAmount
        /// Upper bound for one whole function call.
        public var requestTimeout: TimeAmount
        /// The largest response body accepted (a Bound Profile Package can be large).
        public var maxResponseSize: Int
        public var userAgent: String
        /// HTTP/1.1 connections kept open to the server. One call occupies one connection until
        /// its answer is read, so more callers than connections wait for each other: an LPA calls
        /// one function at a time (AsyncHTTPClient's default of 8 is plenty), a client shared by
        /// N simulated devices needs N.
        public var connectionsPerServer: Int
        /// The event loops the client's connections run on; nil: AsyncHTTPClient's default (SwiftNIO's
        /// shared group). The caller keeps a group it passes alive until the client is shut down.
        public var eventLoopGroup: (any EventLoopGroup)?
        /// ES9+ only: one dedicated keep-alive connection instead of a pool (`connectionsPerServer`
        /// is then unused). It suits one caller making one call at a time, as an LPA does within an
        /// RSP session, and costs less per call; concurrent calls take turns on it.
        public var singleConnection: Bool

        public init(
            transport: Transport, connectTimeout: TimeAmount = .seconds(10), requestTimeout: TimeAmount = .seconds(60),
            maxResponseSize: Int = 8 * 1024 * 1024, userAgent: String = "openrsp-lpa", connectionsPerServer: Int = 8,
            eventLoopGroup: (any EventLoopGroup)? = nil, singleConnection: Bool = false
        ) {
            self.eventLoopGroup = eventLoopGroup
            self.singleConnection = singleConnection
            self.transport = transport
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maxResponseSize = maxResponseSize
            self.userAgent = userAgent
            self.connectionsPerServer = max(1, connectionsPerServer)
        }
    }

    public let baseURL: String
    public let configuration: Configuration
    private let connection: Connection

    private enum Connection {
        case pooled(RSPJSONClient)
        case single(HTTP1Connection)
    }

    /// - Parameter smdpAddress: the SM-DP+ address (`host` or `host:port`), as in the activation code.
    public init(smdpAddress: String, configuration: Configuration, logger: Logger = Logger(label: "openrsp.es9plus.client")) throws {
        guard Self.isValidAddress(smdpAddress) else { throw ES9PlusHTTPClientError.invalidAddress(smdpAddress) }
        let tls: TLSConfiguration?
        switch configuration.transport {
        case .https(let trust):
            tls = try RSPTLS.clientConfiguration(trust: trust)
            baseURL = "https://\(smdpAddress)"
        case .plainHTTP:
            tls = nil
            baseURL = "http://\(smdpAddress)"
        }
        self.configuration = configuration
        if configuration.singleConnection {
            connection = .single(try HTTP1Connection(
                address: smdpAddress, tls: tls, group: configuration.eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton,
                connectTimeout: configuration.connectTimeout, requestTimeout: configuration.requestTimeout,
                maxResponseSize: configuration.maxResponseSize, headers: RSPJSONClient.headers(userAgent: configuration.userAgent)))
        } else {
            connection = .pooled(RSPJSONClient(tls: tls, configuration: configuration, logger: logger))
        }
    }

    /// Runs `body` with a client and shuts it down afterwards, whether `body` throws or not.
    @discardableResult
    public static func withClient<Result: Sendable>(
        smdpAddress: String, configuration: Configuration, _ body: (ES9PlusHTTPClient) async throws -> Result
    ) async throws -> Result {
        try await shutdownAfter(try ES9PlusHTTPClient(smdpAddress: smdpAddress, configuration: configuration), body)
    }

    public func shutdown() async throws {
        switch connection {
        case .pooled(let client): try await client.shutdown()
        case .single(let connection): try await connection.shutdown()
        }
    }

    /// A single-connection client (`Configuration.singleConnection`): closes its keep-alive
    /// connection, as an LPA does when its RSP session ends, and the next call opens a new one
    /// (with a new TLS handshake). A pooled client leaves AsyncHTTPClient's pool as it is.
    public func closeConnection() async {
        if case .single(let connection) = connection { await connection.disconnect() }
    }

    /// Connections a single-connection client has opened so far; nil for a pooled client.
    public var connectionsOpened: Int? {
        if case .single(let connection) = connection { return connection.connectionsOpened }
        return nil
    }

    // MARK: ES9PlusService

    public func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
        let body = try await call(.initiateAuthentication, InitiateAuthenticationRequestBody(request))
        return try decodeResponse(InitiateAuthenticationResponseBody.self, from: body) { try $0.message() }
    }

    public func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
        let body = try await call(.authenticateClient, AuthenticateClientRequestBody(request))
        return try decodeResponse(AuthenticateClientResponseBody.self, from: body) { try $0.message() }
    }

    public func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
        let body = try await call(.getBoundProfilePackage, GetBoundProfilePackageRequestBody(request))
        return try decodeResponse(GetBoundProfilePackageResponseBody.self, from: body) { try $0.message() }
    }

    public func handleNotification(_ request: HandleNotification) async throws {
        let body = try await call(.handleNotification, HandleNotificationRequestBody(request), acceptNoContent: true)
        if let body {
            _ = try decodeResponse(HeaderOnlyResponseBody.self, from: body) { _ in () }
        }
    }

    public func cancelSession(_ request: CancelSessionRequestEs9) async throws {
        let body = try await call(.cancelSession, CancelSessionRequestBody(request))
        _ = try decodeResponse(HeaderOnlyResponseBody.self, from: body) { _ in () }
    }

    // MARK: Transport

    func call(_ function: ES9PlusFunction, _ requestBody: some Encodable) async throws -> Data {
        guard let body = try await call(function, requestBody, acceptNoContent: false) else {
            throw ES9PlusHTTPClientError.malformedResponse(function: function.rawValue, reason: "empty body")
        }
        return body
    }

    /// POSTs one function call; returns the response body, or nil for an accepted HTTP 204.
    private func call(_ function: ES9PlusFunction, _ requestBody: some Encodable, acceptNoContent: Bool) async throws -> Data? {
        let body = try RSPJSON.encode(requestBody)
        let response: RSPRawResponse
        switch connection {
        case .pooled(let client):
            response = try await client.post(url: baseURL + function.path, body: body)
        case .single(let connection):
            do {
                response = try await connection.post(path: function.path, body: body)
            } catch {
                throw ES9PlusHTTPClientError(transportError: error)
            }
        }
        switch response.status {
        case 204 where acceptNoContent:
            return nil
        case 200:
            return Data(response.body)
        default:
            throw ES9PlusHTTPClientError.unexpectedHTTPStatus(function: function.rawValue, status: response.status)
        }
    }

    /// `Failed` throws the server's status code; an executed function's fields are mapped to the
    /// RSPCore message (one JSON pass: `RSPJSONClient.decodeExecuted`).
    func decodeResponse<Body: Decodable & ES9PlusResponseBody, Message>(
        _ type: Body.Type, from data: Data, _ message: (Body) throws -> Message
    ) throws -> Message {
        try RSPJSONClient.decodeExecuted(type, from: data, function: String(describing: Body.self), message)
    }

    /// `host` or `host:port`: no scheme, path, user info or spaces (the value becomes part of a URL).
    static func isValidAddress(_ address: String) -> Bool {
        !address.isEmpty && address.utf8.count <= 255
            && address.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }
    }
}

/// Marks the response bodies `decodeResponse` accepts.
protocol ES9PlusResponseBody {}
extension InitiateAuthenticationResponseBody: ES9PlusResponseBody {}
extension AuthenticateClientResponseBody: ES9PlusResponseBody {}
extension GetBoundProfilePackageResponseBody: ES9PlusResponseBody {}
extension HeaderOnlyResponseBody: ES9PlusResponseBody {}

/// Why an ES9+ call over HTTPS failed other than by a `Failed` function status.
public enum ES9PlusHTTPClientError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidAddress(String)
    /// The TLS handshake failed: most often the server's certificate does not chain to a trusted CI.
    case tlsHandshakeFailed(String)
    case connectionFailed(String)
    case timedOut
    case responseTooLarge
    case unexpectedHTTPStatus(function: String, status: Int)
    case malformedResponse(function: String, reason: String)

    init(transportError error: any Error) {
        switch error {
        case let error as NIOSSLError: self = .tlsHandshakeFailed(String(describing: error))
        case let error as BoringSSLError: self = .tlsHandshakeFailed(String(describing: error))
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout:
            self = .timedOut
        case is NIOTooManyBytesError, HTTP1ExchangeError.responseTooLarge: self = .responseTooLarge
        case HTTP1ExchangeError.timedOut, ChannelError.connectTimeout: self = .timedOut
        default: self = .connectionFailed(String(describing: error))
        }
    }

    public var description: String {
        switch self {
        case .invalidAddress(let address): "invalid SM-DP+ address \(address)"
        case .tlsHandshakeFailed(let reason): "TLS handshake failed: \(reason)"
        case .connectionFailed(let reason): "connection failed: \(reason)"
        case .timedOut: "timed out"
        case .responseTooLarge: "response too large"
        case .unexpectedHTTPStatus(let function, let status): "\(function): unexpected HTTP status \(status)"
        case .malformedResponse(let function, let reason): "\(function): malformed response: \(reason)"
        }
    }
}
