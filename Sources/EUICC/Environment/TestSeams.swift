import Crypto
import RSPCrypto

/// **Test seam, not a production path.** Fixes values a real eUICC draws at random, so that a test
/// can replay a session recorded elsewhere (the pySim ES9+ session) against this eUICC.
///
/// Only `ISDR.init(…, testSeams:)` / `SoftwareEUICC.init(…, testSeams:)` accept it; `open(directory:)`
/// never does. Every check the eUICC performs still runs on the fixed values.
public struct TestSeams: Sendable {
    /// Returned by GetEuiccChallenge instead of 16 fresh random bytes (SGP.22 §5.7.7).
    public var fixedChallenge: [UInt8]?
    /// Used by PrepareDownload as otSK.EUICC.ECKA instead of a fresh key (SGP.22 §5.7.5). A secret.
    public var fixedOneTimeKey: P256.KeyAgreement.PrivateKey?
    /// ECDSA signatures are randomised: many r‖s values are valid for the same bytes and key. When one
    /// of these verifies over the exact bytes the eUICC is about to sign, *with the eUICC's own key*,
    /// the eUICC sends it instead of a fresh one. That lets a recorded later message that signs over an
    /// earlier signature (smdpSignature2 covers euiccSignature1, §5.6.2) verify; anything else is signed afresh.
    public var replayableSignatures: [[UInt8]]

    public init(
        fixedChallenge: [UInt8]? = nil, fixedOneTimeKey: P256.KeyAgreement.PrivateKey? = nil,
        replayableSignatures: [[UInt8]] = []
    ) {
        self.fixedChallenge = fixedChallenge
        self.fixedOneTimeKey = fixedOneTimeKey
        self.replayableSignatures = replayableSignatures
    }
}

extension TestSeams: CustomStringConvertible {
    public var description: String {
        "TestSeams(fixedChallenge: \(fixedChallenge != nil), fixedOneTimeKey: \(fixedOneTimeKey != nil ? "<redacted>" : "nil"), replayableSignatures: \(replayableSignatures.count))"
    }
}
