import X509

/// The last few SM-DP+/SM-DS certificates this eUICC parsed, by their exact DER bytes.
///
/// A server sends the same CERT.DPauth and CERT.DPpb in every session, and parsing them (X.509 and
/// its extensions) cost more than the checks on them. Only the parse is remembered: the bytes must
/// match exactly, and every check (curve, role, chain to a trusted CI, validity now, signatures)
/// still runs on each use.
struct ParsedCertificateCache {
    /// How many certificates are kept: one SM-DP+'s two, plus an SM-DS and a second server.
    static let capacity = 4

    private var entries: [(der: [UInt8], certificate: Certificate)] = []

    /// The certificate `der` encodes: remembered, or parsed (and then remembered, replacing the oldest).
    mutating func certificate(for der: [UInt8]) throws -> Certificate {
        if let index = entries.firstIndex(where: { $0.der == der }) {
            return entries[index].certificate
        }
        let certificate = try Certificate(derEncoded: der)
        if entries.count == Self.capacity { entries.removeFirst() }
        entries.append((der, certificate))
        return certificate
    }

    var count: Int { entries.count }
}
