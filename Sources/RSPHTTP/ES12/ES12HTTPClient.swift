import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import RSPCore
import RSPCrypto
import X509

/// The SM-DP+'s ES12 over mutual TLS (SGP.22 §5.9, §2.6.8), as an `ES12Service`: calls
/// `https://<smdsAddress>/gsma/rsp2/es12/<function>` presenting `identity` (CERT.DPtls) as
/// TLS client certificate and authenticating the SM-DS against `trust` (the CI).
///
/// The `requester` argument of the `ES12Service` functions is ignored: on the wire the
/// caller is whoever the client certificate names. Errors as `ES9PlusHTTPClient`: a `Failed`
/// status throws its `StatusCode`, anything else an `ES9PlusHTTPClientError`.
public final class ES12HTTPClient: ES12Service {
    public let baseURL: String
    public let configuration: ES9PlusHTTPClient.Configuration
    private let client: HTTPClient
    private let logger: Logger

    public init(
        smdsAddress: String, identity: RSPIdentity, trust: RSPTLS.Trust, chain: [Certificate] = [],
        configuration: ES9PlusHTTPClient.Configuration = .init(transport: .plainHTTP, userAgent: "openrsp-smdp"),
        logger: Logger = Logger(label: "openrsp.es12.client")
    ) throws {
        guard ES9PlusHTTPClient.isValidAddress(smdsAddress) else { throw ES9PlusHTTPClientError.invalidAddress(smdsAddress) }
        var http = HTTPClient.Configuration()
        http.tlsConfiguration = try RSPTLS.clientConfiguration(trust: trust, identity: identity, chain: chain)
        http.timeout = HTTPClient.Configuration.Timeout(connect: configuration.connectTimeout, read: configuration.requestTimeout)
        http.connectionPool.retryConnectionEstablishment = false
        http.redirectConfiguration = .disallow
        http.httpVersion = .http1Only
        self.baseURL = "https://\(smdsAddress)"
        self.configuration = configuration
        self.logger = logger
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http, backgroundActivityLogger: logger)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// ES12.RegisterEvent (§5.9.1).
    public func registerEvent(_ request: RegisterEventRequest, requester: ES12Requester) async throws {
        try await call(.registerEvent, RegisterEventRequestBody(request))
    }

    /// ES12.DeleteEvent (§5.9.2).
    public func deleteEvent(_ request: DeleteEventRequest, requester: ES12Requester) async throws {
        try await call(.deleteEvent, DeleteEventRequestBody(request))
    }

    /// POSTs one function call with the SGP.22 headers and reads the header-only response.
    private func call(_ function: ES12Function, _ requestBody: some Encodable) async throws {
        var request = HTTPClientRequest(url: baseURL + function.path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: RSPResponse.contentType)
        request.headers.add(name: "Accept", value: RSPResponse.contentType)
        request.headers.add(name: AdminProtocol.headerName.rawName, value: AdminProtocol.current.headerValue)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.body = .bytes(ByteBuffer(bytes: try RSPJSON.encoder().encode(requestBody)))

        let response: HTTPClientResponse
        let buffer: ByteBuffer
        do {
            response = try await client.execute(request, timeout: configuration.requestTimeout, logger: logger)
            buffer = try await response.body.collect(upTo: configuration.maxResponseSize)
        } catch {
            throw ES9PlusHTTPClientError(transportError: error)
        }
        guard response.status == .ok else {
            throw ES9PlusHTTPClientError.unexpectedHTTPStatus(function: function.rawValue, status: Int(response.status.code))
        }
        let header: HeaderOnlyResponseBody
        do {
            header = try RSPJSON.decoder().decode(HeaderOnlyResponseBody.self, from: Data(buffer.readableBytesView))
        } catch {
            throw ES9PlusHTTPClientError.malformedResponse(function: function.rawValue, reason: "no functionExecutionStatus header")
        }
        let status = header.header.functionExecutionStatus
        guard status.status.isExecuted else {
            if let code = status.statusCodeData?.statusCode { throw code }
            throw ES9PlusHTTPClientError.malformedResponse(function: function.rawValue, reason: "status \(status.status) without statusCodeData")
        }
    }
}
