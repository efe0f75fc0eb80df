import Foundation
import Logging
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
/// `configuration.transport` is ignored: ES12 is always HTTPS with a client certificate.
public final class ES12HTTPClient: ES12Service {
    public let baseURL: String
    public var configuration: ES9PlusHTTPClient.Configuration { client.configuration }
    private let client: RSPJSONClient

    public init(
        smdsAddress: String, identity: RSPIdentity, trust: RSPTLS.Trust, chain: [Certificate] = [],
        configuration: ES9PlusHTTPClient.Configuration = .init(transport: .plainHTTP, userAgent: "openrsp-smdp"),
        logger: Logger = Logger(label: "openrsp.es12.client")
    ) throws {
        (baseURL, client) = try RSPJSONClient.mutualTLS(
            address: smdsAddress, identity: identity, trust: trust, chain: chain, configuration: configuration, logger: logger)
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
        try await client.call(url: baseURL + function.path, function: function.rawValue, requestBody)
    }
}
