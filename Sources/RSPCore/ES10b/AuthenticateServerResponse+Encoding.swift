import SwiftASN1

extension AuthenticateServerResponse {
    /// The DER of this response, byte for byte what swift-asn1 writes for its ASN.1 (the tests compare;
    /// `serialize(into:)` writes through it too). The success answer nests euiccSigned1, CERT.EUICC and
    /// CERT.EUM two levels deep: they are copied once as the bytes they already are (see `DERWriter`).
    /// The short error answer goes through swift-asn1.
    public func derEncoded(withIdentifier identifier: ASN1Identifier) throws -> [UInt8] {
        switch self {
        case .authenticateResponseOk(let ok):
            let inner = DERWriter.constructed(.context(0), parts: [
                ok.euiccSigned1.derBytes,
                DERWriter.primitive(.application(55), content: ok.euiccSignature1.bytes),
                ok.euiccCertificate.derBytes,
                ok.eumCertificate.derBytes,
            ])
            return DERWriter.constructed(identifier, parts: [inner])
        case .authenticateResponseError(let error):
            var serializer = DER.Serializer()
            try serializer.appendConstructedNode(identifier: identifier) { coder in
                try error.serialize(into: &coder, withIdentifier: .context(1))
            }
            return serializer.serializedBytes
        }
    }

    /// The DER under its own tag ('BF38'). Shadows `DERSerializable.derEncoded()` for callers that hold
    /// the concrete type (one copy fewer than the generic path, which reaches the same bytes).
    public func derEncoded() throws -> [UInt8] {
        try derEncoded(withIdentifier: Self.defaultIdentifier)
    }
}
