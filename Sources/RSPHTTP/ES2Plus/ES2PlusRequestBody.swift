import RSPCore

/// An ES2+ request body: its function's fields plus the request `header` that names the caller
/// (SGP.22 §6.5.1.3). The header is optional in the type so that a body without one decodes and
/// is then refused as 1.1/2.2 (mandatory element missing) by `requestHeader()`.
public protocol ES2PlusRequestBody: Codable, Sendable {
    var header: ES2PlusRequestHeader? { get }
}

extension ES2PlusRequestBody {
    /// The header, checked: absent → 1.1/2.2; an empty identifier → 1.1/2.1 (the SM-DP+ keys
    /// idempotent retries on the pair, so an empty one cannot be accepted). Missing header fields
    /// already fail decoding as 1.1/2.2.
    public func requestHeader() throws(StatusCode) -> ES2PlusRequestHeader {
        guard let header else { throw StatusCode.mandatoryElementMissing.with(message: "Mandatory element missing: header") }
        guard !header.functionRequesterIdentifier.isEmpty, !header.functionCallIdentifier.isEmpty else {
            throw StatusCode.malformedRequest.with(message: "functionRequesterIdentifier and functionCallIdentifier must not be empty")
        }
        return header
    }

    /// The caller as the SM-DP+ domain sees it: the header's identifiers and the fingerprint of the
    /// TLS client certificate the handshake verified.
    public func caller(certificateFingerprint: [UInt8]) throws(StatusCode) -> ES2PlusCaller {
        let header = try requestHeader()
        return ES2PlusCaller(
            functionRequesterIdentifier: header.functionRequesterIdentifier, functionCallIdentifier: header.functionCallIdentifier,
            certificateFingerprint: certificateFingerprint)
    }
}

extension ES2PlusRequestHeader {
    /// The header a client sends for `caller` (its certificate fingerprint stays out of the body:
    /// on the wire the certificate itself authenticates).
    public init(_ caller: ES2PlusCaller) {
        self.init(functionRequesterIdentifier: caller.functionRequesterIdentifier, functionCallIdentifier: caller.functionCallIdentifier)
    }
}
