import Foundation
import RSPCrypto
import Synchronization
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ES2+ listener's client trust, read for every new connection (`OperatorFiles`), without
/// parsing again the certificate files that did not change.
///
/// Every connection lists DATA/operators and looks at each file, so `operator add` still takes
/// effect from the next connection; only a file whose identity (device, inode, size, modification
/// time to the nanosecond) is unchanged reuses its parsed certificate. `OperatorFiles.write`
/// replaces files atomically (a new inode), so a rewritten certificate is always read again.
/// Without this, each handshake, before the client is authenticated, parsed every operator's
/// certificate and CA: a cost that grew with the number of operators.
final class OperatorTrustFiles: Sendable {
    private let dataDirectory: URL
    private let cache = Mutex<[String: Entry]>([:])
    private let parseCount = Atomic<Int>(0)

    private struct Entry {
        var identity: FileIdentity
        var certificate: Certificate
    }

    /// What `stat` says of a file that changes whenever its content may have.
    struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int64
        var modifiedNanoseconds: Int64

        init?(path: String) {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            size = Int64(status.st_size)
            #if canImport(Darwin)
            modifiedSeconds = Int64(status.st_mtimespec.tv_sec)
            modifiedNanoseconds = Int64(status.st_mtimespec.tv_nsec)
            #else
            modifiedSeconds = Int64(status.st_mtim.tv_sec)
            modifiedNanoseconds = Int64(status.st_mtim.tv_nsec)
            #endif
        }
    }

    init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }

    /// How many certificate files were parsed so far (tests).
    var parses: Int { parseCount.load(ordering: .relaxed) }

    /// Every operator certificate and CA under DATA/operators, in the order of
    /// `OperatorFiles.trustFilePaths`; entries of files gone are forgotten.
    func certificates() throws -> [Certificate] {
        var seen: [String: Entry] = [:]
        var certificates: [Certificate] = []
        for path in OperatorFiles.trustFilePaths(in: dataDirectory) {
            guard let identity = FileIdentity(path: path) else { continue }
            let cached = cache.withLock { $0[path] }
            let entry: Entry
            if let cached, cached.identity == identity {
                entry = cached
            } else {
                parseCount.add(1, ordering: .relaxed)
                entry = Entry(identity: identity, certificate: try RSPPKIDirectory.loadCertificate(URL(fileURLWithPath: path)))
            }
            seen[path] = entry
            certificates.append(entry.certificate)
        }
        cache.withLock { $0 = seen }
        return certificates
    }
}
