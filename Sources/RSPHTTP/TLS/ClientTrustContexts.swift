import Logging
import NIOSSL
import Synchronization
import X509

/// The TLS context of a mutual-TLS listener whose trusted client CAs can change while it runs:
/// each new connection asks `current()`, which reads the trust list again and builds a new
/// context only when the list changed. An operator added with `openrsp operator add` (another
/// process) is therefore trusted from its first connection, without restarting the server.
///
/// Verification stays BoringSSL's, exactly as with a fixed list: only its trust roots move.
/// A trust list that cannot be read (a certificate file being written) keeps the last good
/// context, so a reader never turns into "trust nobody" or "trust anybody".
public final class ClientTrustContexts: Sendable {
    private let tls: TLSOptions
    private let trust: @Sendable () throws -> [Certificate]
    private let logger: Logger
    private let cache = Mutex<Cached?>(nil)

    private struct Cached {
        var trust: [Certificate]
        var context: NIOSSLContext
    }

    /// - Parameters:
    ///   - tls: the server's identity and chain (its `clientCertificateTrust` is replaced by `trust`).
    ///   - trust: the CA certificates a client certificate must chain to, read on every new connection.
    public init(tls: TLSOptions, logger: Logger, trust: @escaping @Sendable () throws -> [Certificate]) {
        self.tls = tls
        self.trust = trust
        self.logger = logger
    }

    /// The context for a new connection. Throws only when no trust list was ever usable.
    public func current() throws -> NIOSSLContext {
        let cached = cache.withLock { $0 }
        do {
            let latest = try trust()
            if let cached, cached.trust == latest { return cached.context }
            var options = tls
            options.clientCertificateTrust = latest
            let context = try NIOSSLContext(configuration: try options.serverConfiguration())
            cache.withLock { $0 = Cached(trust: latest, context: context) }
            return context
        } catch {
            guard let cached else { throw error }
            logger.warning("client trust list unusable, keeping the previous one: \(error)")
            return cached.context
        }
    }
}
