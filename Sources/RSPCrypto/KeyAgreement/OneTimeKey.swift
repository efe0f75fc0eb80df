import Crypto

extension ECKA {
    /// A fresh one-time key pair (otSK/otPK.DP.ECKA, otSK/otPK.EUICC.ECKA; SGP.22 §2.6.6): the
    /// private scalar drawn from `random` by rejection sampling (FIPS 186-5 §A.2.2), so it is
    /// uniform in [1, n−1]; the public key is that scalar times G.
    ///
    /// Why not `P256.KeyAgreement.PrivateKey()`: on BoringSSL it runs the FIPS module's pairwise
    /// consistency self-test (an ECDSA signature and its verification) after every generation and
    /// regenerates keys whose point is not compact-representable, ~90 µs against ~11 µs here, paid
    /// by the SM-DP+ and by the eUICC in every download. Neither is a property of the key.
    ///
    /// A candidate is out of range with probability below 2⁻³²; after `attempts` of them (a broken
    /// source) the library's own generator is used rather than trapping or failing a download.
    public static func oneTimeKey(
        random: (Int) -> [UInt8] = SecureRandom.bytes, attempts: Int = 8
    ) -> P256.KeyAgreement.PrivateKey {
        for _ in 0..<attempts {
            // Crypto refuses zero and any value ≥ n: exactly the rejection the sampling needs.
            if let key = try? P256.KeyAgreement.PrivateKey(rawRepresentation: random(scalarLength)) { return key }
        }
        return P256.KeyAgreement.PrivateKey()
    }

    /// Bytes of a P-256 scalar.
    static let scalarLength = 32
}
