/// Who calls an ES2+ function (SGP.22 §5.3, §6.5.1.3 request header), as the transport saw it.
///
/// `functionRequesterIdentifier` and `functionCallIdentifier` come from the JSON `header`;
/// `certificateFingerprint` is SHA-256 of the DER of the TLS client certificate the handshake
/// verified (mutual TLS): the SM-DP+ binds each operator to one such certificate, and the header's
/// requester identifier must name that same operator.
public struct ES2PlusCaller: Hashable, Sendable, CustomStringConvertible {
    public var functionRequesterIdentifier: String
    public var functionCallIdentifier: String
    public var certificateFingerprint: [UInt8]

    public init(functionRequesterIdentifier: String, functionCallIdentifier: String, certificateFingerprint: [UInt8]) {
        self.functionRequesterIdentifier = functionRequesterIdentifier
        self.functionCallIdentifier = functionCallIdentifier
        self.certificateFingerprint = certificateFingerprint
    }

    public var description: String { "\(functionRequesterIdentifier)/\(functionCallIdentifier)" }
}

/// The request `header` of ES2+ (and of the SM-DP+'s HandleDownloadProgressInfo calls), SGP.22 §6.5.1.3.
public struct ES2PlusRequestHeader: Hashable, Sendable, Codable {
    public var functionRequesterIdentifier: String
    public var functionCallIdentifier: String

    public init(functionRequesterIdentifier: String, functionCallIdentifier: String) {
        self.functionRequesterIdentifier = functionRequesterIdentifier
        self.functionCallIdentifier = functionCallIdentifier
    }
}
