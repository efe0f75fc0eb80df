import NIOSSL

/// A TLS key-exchange group by the name an operator writes (`serve --tls-groups`).
///
/// Without a choice the listeners accept BoringSSL's defaults: the post-quantum hybrid
/// X25519MLKEM768 first, then X25519, P-256 and P-384. SGP.22 v2.2.2 §2.6.6 names secp256r1 for
/// ES9+/ES11; the hybrid costs both ends about 100 µs more per handshake than X25519 (measured with
/// `openrsp bench --crypto-ceiling --tls-groups`), a trade the operator makes.
public enum TLSKeyExchangeGroup: String, CaseIterable, Sendable {
    case x25519MLKEM768 = "x25519mlkem768"
    case x25519
    case p256
    case p384

    var curve: NIOTLSCurve {
        switch self {
        case .x25519MLKEM768: .x25519_MLKEM768
        case .x25519: .x25519
        case .p256: .secp256r1
        case .p384: .secp384r1
        }
    }

    /// A comma-separated list of names, in order of preference, each once.
    public static func list(_ text: String) throws -> [TLSKeyExchangeGroup] {
        var groups: [TLSKeyExchangeGroup] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let group = TLSKeyExchangeGroup(rawValue: trimmed) else { throw UnknownName(name: trimmed) }
            guard !groups.contains(group) else { throw UnknownName(name: trimmed, repeated: true) }
            groups.append(group)
        }
        return groups
    }

    /// A name in a list that is not a group, or is there twice.
    public struct UnknownName: Error, CustomStringConvertible {
        public var name: String
        public var repeated = false

        public var description: String {
            let known = TLSKeyExchangeGroup.allCases.map(\.rawValue).joined(separator: ", ")
            return repeated ? "TLS group \"\(name)\" is named twice" : "unknown TLS group \"\(name)\" (known: \(known))"
        }
    }
}
