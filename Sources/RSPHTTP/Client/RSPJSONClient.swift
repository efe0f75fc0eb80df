import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import RSPCore
import RSPCrypto
import X509

/// The HTTP side shared by the server-to-server SGP.22 clients (ES12, ES2+, the ES2+
/// HandleDownloadProgressInfo callback): POSTs one JSON body with the SGP.22 headers (§6.5.1.1)
/// and reads the `functionExecutionStatus` header of the answer (§6.5.1.4).
///
/// Redirects are refused (SGP.22 names one server; following a redirect would bypass that),
/// connection establishment is not retried (a peer failing authentication will not pass on a
/// retry), and every call is bounded by the configured timeouts and response size.
final class RSPJSONClient: Sendable {
    let configuration: ES9PlusHTTPClient.Configuration
    private let client: HTTPClient
    private let logger: Logger

    /// - Parameter tls: the client TLS configuration, nil for plain HTTP.
    init(tls: TLSConfiguration?, configuration: ES9PlusHTTPClient.Configuration, logger: Logger) {
        let http = configuration.httpClient(tls: tls)
        self.configuration = configuration
        self.logger = logger
        self.client = HTTPClient(
            eventLoopGroup: configuration.eventLoopGroup ?? HTTPClient.defaultEventLoopGroup, configuration: http, backgroundActivityLogger: logger)
    }

    /// A mutual-TLS client for the server at `address` (`host[:port]`) presenting `identity`:
    /// ES12 and ES2+. Returns the base URL `https://<address>` with it.
    static func mutualTLS(
        address: String, identity: RSPIdentity, trust: RSPTLS.Trust, chain: [Certificate],
        configuration: ES9PlusHTTPClient.Configuration, logger: Logger
    ) throws -> (baseURL: String, client: RSPJSONClient) {
        guard ES9PlusHTTPClient.isValidAddress(address) else { throw ES9PlusHTTPClientError.invalidAddress(address) }
        let tls = try RSPTLS.clientConfiguration(trust: trust, identity: identity, chain: chain)
        return ("https://\(address)", RSPJSONClient(tls: tls, configuration: configuration, logger: logger))
    }

    func shutdown() async throws {
        try await client.shutdown()
    }

    /// POSTs `body` to `url` and returns whatever came back; throws `ES9PlusHTTPClientError` only
    /// when no HTTP answer arrived (connection, TLS, timeout, oversized body).
    func post(url: String, body: [UInt8]) async throws -> RSPRawResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers = Self.headers(userAgent: configuration.userAgent)
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: configuration.requestTimeout, logger: logger)
            let buffer = try await response.body.collect(upTo: configuration.maxResponseSize)
            return RSPRawResponse(status: Int(response.status.code), body: Array(buffer.readableBytesView))
        } catch {
            throw ES9PlusHTTPClientError(transportError: error)
        }
    }

    /// The headers of every SGP.22 call (§6.5.1.1); the transport adds Host and Content-Length.
    static func headers(userAgent: String) -> HTTPHeaders {
        [
            "Content-Type": RSPResponse.contentType,
            "Accept": RSPResponse.contentType,
            AdminProtocol.headerName.rawName: AdminProtocol.current.headerValue,
            "User-Agent": userAgent,
        ]
    }

    /// Calls a function that answers with a header only: HTTP 200 with an executed header
    /// returns; a `Failed` status throws its `StatusCode`; anything else an `ES9PlusHTTPClientError`.
    func call(url: String, function: String, _ requestBody: some Encodable) async throws {
        try Self.checkExecuted(try await answer(url: url, function: function, requestBody), function: function)
    }

    /// Calls a function that answers with fields, read in one pass (`decodeExecuted`) and mapped
    /// to the RSPCore message; errors as `call(url:function:_:)`.
    func call<Body: Decodable, Message>(
        url: String, function: String, _ requestBody: some Encodable, answer type: Body.Type, _ message: (Body) throws -> Message
    ) async throws -> Message {
        try Self.decodeExecuted(type, from: try await answer(url: url, function: function, requestBody), function: function, message)
    }

    /// The body of an HTTP 200 answer, not yet read.
    private func answer(url: String, function: String, _ requestBody: some Encodable) async throws -> Data {
        let response = try await post(url: url, body: try RSPJSON.encode(requestBody))
        guard response.status == 200 else {
            throw ES9PlusHTTPClientError.unexpectedHTTPStatus(function: function, status: response.status)
        }
        return Data(response.body)
    }

    /// Reads the response header: `Failed` (or `Expired`) throws the server's status code.
    static func checkExecuted(_ data: Data, function: String) throws {
        let header: HeaderOnlyResponseBody
        do {
            header = try RSPJSON.decoder().decode(HeaderOnlyResponseBody.self, from: data)
        } catch {
            throw ES9PlusHTTPClientError.malformedResponse(function: function, reason: "no functionExecutionStatus header")
        }
        let status = header.header.functionExecutionStatus
        guard status.status.isExecuted else {
            if let code = status.statusCodeData?.statusCode { throw code }
            throw ES9PlusHTTPClientError.malformedResponse(function: function, reason: "status \(status.status) without statusCodeData")
        }
    }

    /// An executed answer's fields as the RSPCore message; fields the message refuses are the
    /// server's fault, reported as a malformed response (with the refusal's reason when it gives one).
    static func message<Body, Message>(
        of body: Body, function: @autoclosure () -> String, _ message: (Body) throws -> Message
    ) throws -> Message {
        do {
            return try message(body)
        } catch let code as StatusCode {
            throw ES9PlusHTTPClientError.malformedResponse(function: function(), reason: code.message ?? code.description)
        } catch {
            throw ES9PlusHTTPClientError.malformedResponse(function: function(), reason: "fields do not match the JSON binding")
        }
    }
}
