import SwiftASN1

extension AuthenticateServerRequest {
    /// The DER of this request, byte for byte what swift-asn1 writes for its ASN.1 (the tests compare;
    /// `serialize(into:)` writes through it too), with serverSigned1 and CERT.DPauth copied once as the
    /// bytes they already are (see `DERWriter`). The LPA encodes one per download.
    public func derEncoded(withIdentifier identifier: ASN1Identifier) throws -> [UInt8] {
        DERWriter.constructed(identifier, parts: [
            serverSigned1.derBytes,
            DERWriter.primitive(.application(55), content: serverSignature1.bytes),
            DERWriter.primitive(.octetString, content: euiccCiPKIdToBeUsed.bytes),
            serverCertificate.derBytes,
            try DERWriter.serialized(ctxParams1),
        ])
    }

    /// The DER under its own tag ('BF38'). Shadows `DERSerializable.derEncoded()` for callers that hold
    /// the concrete type (one copy fewer than the generic path, which reaches the same bytes).
    public func derEncoded() throws -> [UInt8] {
        try derEncoded(withIdentifier: Self.defaultIdentifier)
    }
}
