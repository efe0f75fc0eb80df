// The standard library's own CSPRNG entry point (what `SystemRandomNumberGenerator` draws from:
// getrandom(2) on Linux, arc4random_buf on Darwin), called once for a whole buffer.
import SwiftShims

/// Random bytes from the operating system's CSPRNG: the default source of challenges,
/// TransactionIDs, matchingIds and keys' randomness for every role (tests inject their own).
public enum SecureRandom {
    /// One system call per request, whatever its length. `SystemRandomNumberGenerator` makes one
    /// per 8-byte word, so a one-time key cost four and a download about 35 (`perf stat -e
    /// syscalls:sys_enter_getrandom`).
    public static let bytes: @Sendable (Int) -> [UInt8] = { count in
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            swift_stdlib_random(base, count)
            initialized = count
        }
    }
}
