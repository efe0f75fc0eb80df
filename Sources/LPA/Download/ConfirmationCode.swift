import Crypto
import RSPCore

/// The Confirmation Code check value (SGP.22 §3.1.3.3, §5.7.5):
/// `hashCc = SHA256(SHA256(Confirmation Code) | TransactionID)`.
///
/// The code itself (entered by the end user, UTF-8) never leaves the device and is never
/// logged; only this hash, bound to the session's transaction, goes to the eUICC.
public enum ConfirmationCode {
    public static func hashCc(_ confirmationCode: String, transactionId: OctetString) -> OctetString {
        let inner = SHA256.hash(data: Array(confirmationCode.utf8))
        let outer = SHA256.hash(data: Array(inner) + transactionId.bytes)
        return OctetString(Array(outer))
    }
}
