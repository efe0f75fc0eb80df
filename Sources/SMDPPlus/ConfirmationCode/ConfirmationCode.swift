import Crypto
import RSPCore

/// The confirmation code hashes of SGP.22 §3.1.3.4 / §5.7.5 / §5.6.2.
///
/// The operator gives the end user a confirmation code (CC); the SM-DP+ keeps only SHA-256(CC).
/// The eUICC sends hashCc = SHA-256(SHA-256(CC) ‖ TransactionID), which binds the code to one
/// session, so a hashCc seen once cannot be replayed in another.
public enum ConfirmationCode {
    /// SHA-256(CC), what an order stores (CC as its UTF-8 bytes).
    public static func hash(_ code: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(code.utf8)))
    }

    /// SHA-256(SHA-256(CC) ‖ TransactionID): the hashCc expected in a session.
    public static func sessionHash(codeHash: [UInt8], transactionId: TransactionID) -> [UInt8] {
        Array(SHA256.hash(data: codeHash + transactionId.bytes))
    }

    /// Compares two hashes in time independent of where they differ.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
