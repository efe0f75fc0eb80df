import Crypto
import Foundation
import RSPCrypto

/// The eUICC's view of the outside world, passed in so tests are deterministic where they
/// need to be: the clock (certificate validity, SGP.22 §4.5.2.2) and the random source
/// (euiccChallenge, §5.7.7).
public struct EUICCEnvironment: Sendable {
    public var now: @Sendable () -> Date
    public var randomBytes: @Sendable (Int) -> [UInt8]

    public init(
        now: @escaping @Sendable () -> Date = { Date() },
        randomBytes: @escaping @Sendable (Int) -> [UInt8] = EUICCEnvironment.systemRandomBytes
    ) {
        self.now = now
        self.randomBytes = randomBytes
    }

    /// Bytes from the system's cryptographically secure generator.
    public static let systemRandomBytes: @Sendable (Int) -> [UInt8] = SecureRandom.bytes
}
