import Crypto
import NIOCore
import NIOSSL
import RSPCrypto
import X509

/// The TLS side of an SGP.22 server (§2.6.6): its TLS certificate (CERT.DPtls / CERT.DStls)
/// with key, the chain up to the CI, and the protocol constraints SGP.22 sets.
public struct TLSOptions: Sendable, CustomStringConvertible {
    public var identity: RSPIdentity
    /// Certificates sent after the leaf, in order up to (and optionally including) the CI.
    public var chain: [Certificate]
    public var minimumVersion: TLSVersion
    /// nil allows TLS 1.3, whose cipher suites SGP.22 v2 does not restrict.
    public var maximumVersion: TLSVersion?
    /// When set, the server requires a TLS client certificate chaining to one of these CA
    /// certificates (the CI): mutual TLS for ES12 (SGP.22 §2.6.8). A client without a
    /// certificate, or with one from another CI, fails the handshake.
    public var clientCertificateTrust: [Certificate]?
    /// The key-exchange groups accepted; the client's order of preference picks among them. nil:
    /// BoringSSL's defaults (`TLSKeyExchangeGroup`).
    public var keyExchangeGroups: [TLSKeyExchangeGroup]?

    public init(
        identity: RSPIdentity, chain: [Certificate] = [], minimumVersion: TLSVersion = .tlsv12, maximumVersion: TLSVersion? = nil,
        keyExchangeGroups: [TLSKeyExchangeGroup]? = nil
    ) {
        self.identity = identity
        self.chain = chain
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.keyExchangeGroups = keyExchangeGroups
    }

    /// The server's NIOSSL configuration: TLS 1.2 or later, SGP.22 cipher suites only.
    public func serverConfiguration() throws -> TLSConfiguration {
        let leaf = try NIOSSLCertificate(bytes: try identity.certificate.derBytes(), format: .der)
        let rest = try chain.map { try NIOSSLCertificate(bytes: try $0.derBytes(), format: .der) }
        let key = try NIOSSLPrivateKey(bytes: Array(identity.privateKey.derRepresentation), format: .der)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: ([leaf] + rest).map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = minimumVersion
        configuration.maximumTLSVersion = maximumVersion
        configuration.cipherSuiteValues = RSPTLS.cipherSuites
        configuration.shutdownTimeout = RSPTLS.serverShutdownTimeout
        configuration.curves = keyExchangeGroups?.map(\.curve)
        if let clientCertificateTrust {
            // Clients are not named by a host name: the chain to the CI is what authenticates them.
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(
                try clientCertificateTrust.map { try NIOSSLCertificate(bytes: try $0.derBytes(), format: .der) })
        }
        return configuration
    }

    /// Names the certificate, never the key.
    public var description: String {
        "TLSOptions(certificate: \(identity.certificate.subject), chain: \(chain.count), minimum: \(minimumVersion), groups: \(keyExchangeGroups.map { $0.map(\.rawValue).joined(separator: ",") } ?? "default"), client certificates: \(clientCertificateTrust == nil ? "no" : "required"))"
    }
}

/// TLS settings SGP.22 fixes for ES9+ / ES11 (§2.6.6, §2.6.7), and the server's TLS close.
public enum RSPTLS {
    /// How long a server closing a connection (graceful shutdown, idle close) waits for the
    /// client's close_notify before dropping the TCP connection; NIOSSL's default is 5 s.
    ///
    /// The HTTP server allows half-closed connections, and NIOSSL, once it has sent its own
    /// close_notify, treats the client's FIN as a ragged EOF and keeps waiting: a client that
    /// closed without answering (AsyncHTTPClient shutting its pool down as the server stopped)
    /// held the server's shutdown for the whole timeout. An answer is over by then — HTTP
    /// framing, not the TLS close, tells a client its response was complete — so one second is
    /// enough for a client on a slow network to answer, and bounds how long a stop can linger.
    public static let serverShutdownTimeout: TimeAmount = .seconds(1)

    /// TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 and TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
    /// (RFC 5289). BoringSSL keeps the CBC-SHA256 suite as deprecated: it is only enabled when
    /// named explicitly, as here.
    public static let cipherSuites: [NIOTLSCipher] = [
        .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        NIOTLSCipher(rawValue: 0xC023),
    ]

    /// Where a client's trust comes from (§2.6.7: the LPA authenticates the server with the
    /// GSMA CI certificates it knows). There is deliberately no "skip verification".
    public enum Trust: Sendable {
        /// Only these CA certificates (the CI, or a private test CI).
        case only([Certificate])
        /// These CA certificates in addition to the system roots.
        case systemRootsAnd([Certificate])
    }

    /// A client configuration: TLS 1.2 or later, SGP.22 cipher suites, full verification
    /// (chain and host name) against `trust`.
    public static func clientConfiguration(trust: Trust) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.cipherSuiteValues = cipherSuites
        configuration.certificateVerification = .fullVerification
        switch trust {
        case .only(let certificates):
            configuration.trustRoots = .certificates(try certificates.map { try NIOSSLCertificate(bytes: try $0.derBytes(), format: .der) })
        case .systemRootsAnd(let certificates):
            configuration.trustRoots = .default
            configuration.additionalTrustRoots = [
                .certificates(try certificates.map { try NIOSSLCertificate(bytes: try $0.derBytes(), format: .der) })
            ]
        }
        return configuration
    }
}
