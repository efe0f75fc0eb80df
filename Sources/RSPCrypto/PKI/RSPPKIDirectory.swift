import Crypto
import Foundation
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes PKI identities as files with SGP.26-like names:
///
/// - `CERT_<stem>.der` and `CERT_<stem>.pem` — the certificate (DER, and PEM "CERTIFICATE");
/// - `SK_<stem>.pem` — the private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), mode 0600;
///
/// with `<stem>` from `CertificateRole.fileStem` (e.g. `CERT_S_SM_DPauth_ECDSA_NIST.der`).
/// Files are written atomically (temporary file, fsync, rename).
///
/// Loading accepts certificates as PEM or DER (`.der` is preferred, `.pem` read when it is
/// absent) and keys as PEM or DER, SEC1 ("EC PRIVATE KEY", what SGP.26 ships) or PKCS#8, so a
/// GSMA SGP.26 test set or an operator's own CI can be imported. Each key must match its certificate.
public enum RSPPKIDirectory {
    public static func certificateFileName(_ role: CertificateRole, pem: Bool = false) -> String {
        "CERT_\(role.fileStem).\(pem ? "pem" : "der")"
    }

    public static func keyFileName(_ role: CertificateRole) -> String {
        "SK_\(role.fileStem).pem"
    }

    // MARK: Writing

    /// Writes every identity of `pki` into `directory` (created if needed).
    public static func write(_ pki: RSPPKI, to directory: URL) throws(RSPCertificateError) {
        for role in CertificateRole.allCases {
            try write(pki[role], role: role, to: directory)
        }
    }

    /// Writes one identity: certificate as DER and PEM, key as PKCS#8 PEM with mode 0600.
    public static func write(_ identity: RSPIdentity, role: CertificateRole, to directory: URL) throws(RSPCertificateError) {
        try createDirectory(directory)
        let der: [UInt8]
        let pem: String
        do {
            der = try identity.certificate.derBytes()
            pem = try identity.certificate.serializeAsPEM().pemString + "\n"
        } catch {
            throw .malformed("cannot encode \(identity.certificate.subject): \(error)")
        }
        try writeAtomically(der, to: directory.appendingPathComponent(certificateFileName(role)), mode: 0o644)
        try writeAtomically(
            Array(pem.utf8), to: directory.appendingPathComponent(certificateFileName(role, pem: true)), mode: 0o644
        )
        try writeAtomically(
            Array((identity.privateKey.pemRepresentation + "\n").utf8),
            to: directory.appendingPathComponent(keyFileName(role)),
            mode: 0o600
        )
    }

    // MARK: Loading

    /// Loads a complete PKI (all eight roles) from `directory`.
    public static func load(from directory: URL) throws(RSPCertificateError) -> RSPPKI {
        try RSPPKI(identities: loadAvailable(from: directory))
    }

    /// Loads the identities present in `directory` (a role is present when its certificate file
    /// is); throws when a present certificate has no key or a key that does not match.
    public static func loadAvailable(from directory: URL) throws(RSPCertificateError) -> [CertificateRole: RSPIdentity] {
        var identities: [CertificateRole: RSPIdentity] = [:]
        for role in CertificateRole.allCases {
            if let identity = try loadIdentity(role, from: directory) { identities[role] = identity }
        }
        return identities
    }

    /// Loads the identity of `role` from `directory`; nil when no certificate file exists for it.
    public static func loadIdentity(_ role: CertificateRole, from directory: URL) throws(RSPCertificateError) -> RSPIdentity? {
        guard let certificateURL = existingCertificateFile(role, in: directory) else { return nil }
        return try loadIdentity(
            certificate: certificateURL, privateKey: directory.appendingPathComponent(keyFileName(role))
        )
    }

    /// Loads the certificate of `role` from `directory` (no key needed), e.g. a CI certificate
    /// to trust; nil when absent.
    public static func loadCertificate(_ role: CertificateRole, from directory: URL) throws(RSPCertificateError) -> Certificate? {
        guard let url = existingCertificateFile(role, in: directory) else { return nil }
        return try loadCertificate(url)
    }

    /// Loads a certificate file and the matching private key file.
    public static func loadIdentity(certificate: URL, privateKey: URL) throws(RSPCertificateError) -> RSPIdentity {
        try RSPIdentity(certificate: loadCertificate(certificate), privateKey: loadPrivateKey(privateKey))
    }

    /// Reads a certificate file, PEM or DER.
    public static func loadCertificate(_ url: URL) throws(RSPCertificateError) -> Certificate {
        let bytes = try read(url)
        do {
            return try Certificate.parse(pemOrDER: bytes)
        } catch {
            throw .file(path: url.path, reason: "not a certificate (PEM or DER): \(error)")
        }
    }

    /// Reads a P-256 private key file: PEM or DER, SEC1 or PKCS#8.
    public static func loadPrivateKey(_ url: URL) throws(RSPCertificateError) -> P256.Signing.PrivateKey {
        let bytes = try read(url)
        do {
            if let text = String(bytes: bytes, encoding: .utf8), text.contains("-----BEGIN") {
                return try P256.Signing.PrivateKey(pemRepresentation: text)
            }
            return try P256.Signing.PrivateKey(derRepresentation: bytes)
        } catch {
            throw .file(path: url.path, reason: "not a P-256 private key (PEM or DER, SEC1 or PKCS#8)")
        }
    }

    // MARK: -

    static func existingCertificateFile(_ role: CertificateRole, in directory: URL) -> URL? {
        [certificateFileName(role), certificateFileName(role, pem: true)]
            .map { directory.appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    static func read(_ url: URL) throws(RSPCertificateError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw .file(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
    }

    static func createDirectory(_ directory: URL) throws(RSPCertificateError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .file(path: directory.path, reason: "cannot create directory: \(error.localizedDescription)")
        }
    }

    /// Writes `bytes` to a temporary file created with `mode` (so a key is never readable by
    /// others, not even briefly), syncs it, and renames it over `url`.
    static func writeAtomically(_ bytes: [UInt8], to url: URL, mode: mode_t) throws(RSPCertificateError) {
        let path = url.path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw .file(path: path, reason: "cannot create: \(String(cString: strerror(errno)))") }
        var written = 0
        var failure: String? = nil
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while written < buffer.count {
                let result = posixWrite(fd, base + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                written += result
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        // open(2) applies the umask; make the mode exact.
        if failure == nil, fchmod(fd, mode) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw .file(path: path, reason: "cannot write: \(failure)")
        }
    }
}

/// write(2), named apart from `RSPPKIDirectory.write`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #elseif canImport(Musl)
    Musl.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
