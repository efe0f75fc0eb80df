import NIOCore
import NIOSSL
import RSPCore
import RSPCrypto
import SwiftASN1
import X509

extension RSPTLS {
    /// A client configuration that also presents `identity` as TLS client certificate, for
    /// the mutual TLS of ES12 (SGP.22 §2.6.8): the SM-DP+ authenticates itself to the SM-DS
    /// with CERT.DPtls. The key only goes into the NIOSSL configuration.
    public static func clientConfiguration(trust: Trust, identity: RSPIdentity, chain: [Certificate] = []) throws -> TLSConfiguration {
        var configuration = try clientConfiguration(trust: trust)
        let leaf = try NIOSSLCertificate(bytes: try identity.certificate.derBytes(), format: .der)
        let rest = try chain.map { try NIOSSLCertificate(bytes: try $0.derBytes(), format: .der) }
        configuration.certificateChain = ([leaf] + rest).map { .certificate($0) }
        configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(identity.privateKey.derRepresentation), format: .der))
        return configuration
    }
}

/// The TLS client certificate of a connection, as verified by the handshake (the server
/// requires one chaining to the CI, see `TLSOptions.clientCertificateTrust`).
public enum TLSClientCertificate {
    /// The peer certificate of `channel`'s TLS session. Throws 1.1/1.1 (function requester
    /// unknown) when the connection has no TLS or no client certificate: such a request must
    /// never reach an ES12 function (SGP.22 §2.6.8).
    public static func peerCertificate(of channel: any Channel) async throws -> Certificate {
        let certificate: NIOSSLCertificate?
        do {
            certificate = try await channel.nioSSL_peerCertificate().get()
        } catch {
            throw StatusCode.requesterNotAuthenticated
        }
        guard let certificate else { throw StatusCode.requesterNotAuthenticated }
        do {
            return try Certificate(derEncoded: try certificate.toDERBytes())
        } catch {
            throw StatusCode.requesterNotAuthenticated
        }
    }

    /// The name an authenticated caller is known by: the first subjectAltName registeredID
    /// (the SM-DP+ OID, SGP.22 §4.5.2.1), else the certificate's subject.
    public static func identity(of certificate: Certificate) -> String {
        if let names = try? certificate.extensions.subjectAlternativeNames {
            for name in names {
                if case .registeredID(let oid) = name { return StrictCoding.dottedString(oid) }
            }
        }
        return String(describing: certificate.subject)
    }
}
