/// Random bytes from the operating system's CSPRNG: the default source of challenges,
/// TransactionIDs, matchingIds and keys' randomness for every role (tests inject their own).
public enum SecureRandom {
    public static let bytes: @Sendable (Int) -> [UInt8] = { count in
        var generator = SystemRandomNumberGenerator()
        return (0..<max(0, count)).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
