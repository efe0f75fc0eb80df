import Foundation
import Logging
import RSPCore
import RSPCrypto
import X509

/// An operator's ES2+ over mutual TLS (SGP.22 §5.3, §6.5), as an `ES2PlusService`: calls
/// `https://<smdpAddress>/gsma/rsp2/es2plus/<function>` presenting `identity` (the operator's
/// TLS client certificate) and authenticating the SM-DP+ against `trust`.
///
/// The caller's `functionRequesterIdentifier` and `functionCallIdentifier` go into the request
/// header; its `certificateFingerprint` is ignored: on the wire the certificate itself
/// authenticates. A `Failed` status throws its `StatusCode`, anything else that goes wrong an
/// `ES9PlusHTTPClientError`. `configuration.transport` is ignored: ES2+ is always HTTPS with a
/// client certificate. Call `shutdown()` when done.
public final class ES2PlusHTTPClient: ES2PlusService {
    public let baseURL: String
    public var configuration: ES9PlusHTTPClient.Configuration { client.configuration }
    private let client: RSPJSONClient

    /// - Parameter smdpAddress: the SM-DP+'s ES2+ address, `host` or `host:port`.
    public init(
        smdpAddress: String, identity: RSPIdentity, trust: RSPTLS.Trust, chain: [Certificate] = [],
        configuration: ES9PlusHTTPClient.Configuration = .init(transport: .plainHTTP, userAgent: "openrsp-operator"),
        logger: Logger = Logger(label: "openrsp.es2plus.client")
    ) throws {
        (baseURL, client) = try RSPJSONClient.mutualTLS(
            address: smdpAddress, identity: identity, trust: trust, chain: chain, configuration: configuration, logger: logger)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    // MARK: ES2PlusService

    /// ES2+.DownloadOrder (§5.3.1).
    public func downloadOrder(_ request: DownloadOrderRequest, caller: ES2PlusCaller) async throws -> DownloadOrderResponse {
        try await call(.downloadOrder, DownloadOrderRequestBody(request, header: ES2PlusRequestHeader(caller)), answer: DownloadOrderResponseBody.self) { try $0.message() }
    }

    /// ES2+.ConfirmOrder (§5.3.2).
    public func confirmOrder(_ request: ConfirmOrderRequest, caller: ES2PlusCaller) async throws -> ConfirmOrderResponse {
        try await call(.confirmOrder, ConfirmOrderRequestBody(request, header: ES2PlusRequestHeader(caller)), answer: ConfirmOrderResponseBody.self) { try $0.message() }
    }

    /// ES2+.CancelOrder (§5.3.3).
    public func cancelOrder(_ request: CancelOrderRequest, caller: ES2PlusCaller) async throws {
        try await call(.cancelOrder, CancelOrderRequestBody(request, header: ES2PlusRequestHeader(caller)))
    }

    /// ES2+.ReleaseProfile (§5.3.4).
    public func releaseProfile(_ request: ReleaseProfileRequest, caller: ES2PlusCaller) async throws {
        try await call(.releaseProfile, ReleaseProfileRequestBody(request, header: ES2PlusRequestHeader(caller)))
    }

    // MARK: Raw

    /// POSTs `body` (e.g. a `DownloadOrderRequestBody`) to `function` and returns the answer as it
    /// came, without interpreting it: for tools that print what the SM-DP+ said. Throws only
    /// when no HTTP answer arrived.
    public func rawCall(_ function: ES2PlusFunction, body: some Encodable) async throws -> RSPRawResponse {
        try await rawCall(function, json: Array(try RSPJSON.encoder().encode(body)))
    }

    /// POSTs `json` as it is (e.g. a file an operator wrote) to `function`.
    public func rawCall(_ function: ES2PlusFunction, json: [UInt8]) async throws -> RSPRawResponse {
        try await client.post(url: baseURL + function.path, body: json)
    }

    private func call(_ function: ES2PlusFunction, _ body: some Encodable) async throws {
        try await client.call(url: baseURL + function.path, function: function.rawValue, body)
    }

    private func call<Body: Decodable, Message>(
        _ function: ES2PlusFunction, _ body: some Encodable, answer: Body.Type, _ message: (Body) throws -> Message
    ) async throws -> Message {
        try await client.call(url: baseURL + function.path, function: function.rawValue, body, answer: answer, message)
    }
}
