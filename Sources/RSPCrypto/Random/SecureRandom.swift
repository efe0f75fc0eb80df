/// Random bytes from the operating system's CSPRNG: the default source of challenges,
/// TransactionIDs, matchingIds and keys' randomness for every role (tests inject their own).
public enum SecureRandom {
    /// Filled eight bytes per `SystemRandomNumberGenerator` draw: each draw is one `getrandom`
    /// system call, and drawing a whole word per byte made a download cost ~100 of them.
    public static let bytes: @Sendable (Int) -> [UInt8] = { count in
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(0, count))
        while bytes.count < count {
            let word = generator.next()
            for shift in stride(from: 0, to: min(8, count - bytes.count) * 8, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return bytes
    }
}
