import Foundation
import Logging
import NIOCore
import RSPCore
import RSPCrypto
import X509

/// How the SM-DP+ calls an operator's ES2+.HandleDownloadProgressInfo (SGP.22 §5.3.5, §6.5.2.5)
/// over HTTPS: POSTs `{"header": {…}, …progress fields}` to the operator's callback URL.
///
/// The operator is authenticated against `trust`; with `identity` the SM-DP+ also presents a TLS
/// client certificate (CERT.DPtls), for operators that authenticate the SM-DP+ by mutual TLS.
///
/// Delivered means: HTTP 204 (what SGP.22 peers answer), or another 2xx whose body is empty or
/// an SGP.22 header with an executed status. A `Failed` header throws its `StatusCode`; any
/// other status, an unreadable body or a transport failure throws `ES9PlusHTTPClientError`;
/// the SM-DP+'s outbox then retries. Every call is bounded by the configuration's timeouts.
public final class ES2PlusCallbackHTTPClient: ES2PlusCallbackTransport {
    /// Short timeouts by default: a slow operator must not hold up the SM-DP+'s outbox.
    public static let defaultConfiguration = ES9PlusHTTPClient.Configuration(
        transport: .plainHTTP, connectTimeout: .seconds(10), requestTimeout: .seconds(30), maxResponseSize: 64 * 1024,
        userAgent: "openrsp-smdp")

    public var configuration: ES9PlusHTTPClient.Configuration { client.configuration }
    private let client: RSPJSONClient

    /// - Parameters:
    ///   - trust: the CA certificates the operators' TLS server certificates chain to.
    ///   - identity: the SM-DP+'s TLS client certificate and key, for operators requiring one.
    ///   - configuration: timeouts and limits; `transport` is ignored (always HTTPS).
    public init(
        trust: RSPTLS.Trust, identity: RSPIdentity? = nil, chain: [Certificate] = [],
        configuration: ES9PlusHTTPClient.Configuration = ES2PlusCallbackHTTPClient.defaultConfiguration,
        logger: Logger = Logger(label: "openrsp.es2plus.callback")
    ) throws {
        let tls =
            if let identity {
                try RSPTLS.clientConfiguration(trust: trust, identity: identity, chain: chain)
            } else {
                try RSPTLS.clientConfiguration(trust: trust)
            }
        self.client = RSPJSONClient(tls: tls, configuration: configuration, logger: logger)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func handleDownloadProgressInfo(
        _ request: HandleDownloadProgressInfoRequest, header: ES2PlusRequestHeader, url: String
    ) async throws {
        let endpoint = try Self.endpoint(for: url)
        let body = HandleDownloadProgressInfoRequestBody(header: header, progress: request)
        let response = try await client.post(url: endpoint, body: Array(try RSPJSON.encoder().encode(body)))
        try Self.checkDelivered(response)
    }

    /// The URL to POST to: `url` itself when it has a path, else `url` with the function's path
    /// (`https://operator.example:8443` → `…/gsma/rsp2/es2plus/handleDownloadProgressInfo`).
    /// Only `https` URLs with a host and no user info, query or fragment are accepted.
    public static func endpoint(for url: String) throws(ES2PlusCallbackError) -> String {
        guard var components = URLComponents(string: url), components.scheme?.lowercased() == "https",
            let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
            components.query == nil, components.fragment == nil, let result = Self.withPath(&components)
        else {
            throw .invalidURL(url)
        }
        return result
    }

    private static func withPath(_ components: inout URLComponents) -> String? {
        if components.path.isEmpty || components.path == "/" {
            components.path = ES2PlusFunction.handleDownloadProgressInfo.path
        }
        return components.string
    }

    /// Whether the operator took the call (see the type's documentation).
    static func checkDelivered(_ response: RSPRawResponse) throws {
        let function = ES2PlusFunction.handleDownloadProgressInfo.rawValue
        guard (200..<300).contains(response.status) else {
            throw ES9PlusHTTPClientError.unexpectedHTTPStatus(function: function, status: response.status)
        }
        if response.status == 204 || response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return
        }
        try RSPJSONClient.checkExecuted(Data(response.body), function: function)
    }
}
