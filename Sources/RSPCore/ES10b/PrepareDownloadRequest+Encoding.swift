import SwiftASN1

extension PrepareDownloadRequest {
    /// The DER of this request, byte for byte what swift-asn1 writes for its ASN.1 (the tests compare;
    /// `serialize(into:)` writes through it too), with smdpSigned2 and CERT.DPpb copied once as the
    /// bytes they already are (see `DERWriter`). The LPA encodes one per download.
    public func derEncoded(withIdentifier identifier: ASN1Identifier) throws -> [UInt8] {
        var parts = [smdpSigned2.derBytes, DERWriter.primitive(.application(55), content: smdpSignature2.bytes)]
        if let hashCc { parts.append(DERWriter.primitive(.octetString, content: hashCc.bytes)) }
        parts.append(smdpCertificate.derBytes)
        return DERWriter.constructed(identifier, parts: parts)
    }

    /// The DER under its own tag ('BF21'). Shadows `DERSerializable.derEncoded()` for callers that hold
    /// the concrete type (one copy fewer than the generic path, which reaches the same bytes).
    public func derEncoded() throws -> [UInt8] {
        try derEncoded(withIdentifier: Self.defaultIdentifier)
    }
}
