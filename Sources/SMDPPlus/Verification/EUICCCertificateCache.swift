import Synchronization
import X509

/// The eUICC certificates of sessions in progress, parsed, keyed by the exact DER the session
/// stores. AuthenticateClient parses and validates the certificate; GetBoundProfilePackage,
/// CancelSession and HandleNotification only need its public key to verify the eUICC's next
/// signatures, and found it by parsing the stored bytes again. A parse is a pure function of the
/// bytes, so the cached value is what parsing would return: nothing is trusted that was not
/// before (the certificate was validated before it was stored; every signature is still verified).
final class EUICCCertificateCache: Sendable {
    /// About as many sessions as are between AuthenticateClient and their installation result at
    /// once; past this many the cache starts over rather than grow (a miss only costs a parse).
    static let capacity = 4096
    private let certificates = Mutex<[[UInt8]: Certificate]>([:])

    func insert(_ certificate: Certificate, der: [UInt8]) {
        certificates.withLock { certificates in
            if certificates.count >= Self.capacity { certificates.removeAll() }
            certificates[der] = certificate
        }
    }

    /// The certificate `der` encodes: the cached parse, or a new one (cached); nil if it does not parse.
    func certificate(der: [UInt8]) -> Certificate? {
        if let cached = certificates.withLock({ $0[der] }) { return cached }
        guard let parsed = try? Certificate(derEncoded: der) else { return nil }
        insert(parsed, der: der)
        return parsed
    }

    /// Drops the certificate of a session that ended: with a new eUICC per download the cache
    /// otherwise filled to `capacity` with finished sessions' certificates and started over.
    /// Another session of the same eUICC, or a retried result, parses it again.
    func remove(der: [UInt8]?) {
        guard let der else { return }
        certificates.withLock { _ = $0.removeValue(forKey: der) }
    }

    var count: Int { certificates.withLock { $0.count } }
}
