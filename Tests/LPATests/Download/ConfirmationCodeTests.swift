import LPA
import RSPCore
import Testing

@Suite("hashCc = SHA256(SHA256(Confirmation Code) | TransactionID) (SGP.22 §3.1.3.3)")
struct ConfirmationCodeTests {
    @Test("matches values computed independently with Python's hashlib")
    func knownAnswers() throws {
        let tid = try #require(OctetString(hex: "A136211522C14BB6BC73A8B4B67B8F30"))
        #expect(ConfirmationCode.hashCc("12345678", transactionId: tid).hex
            == "2DCE4D0096F0D47A9F93BCC48BCF8E67487E71286CAC88486001DC3DB6A63905")
        #expect(ConfirmationCode.hashCc("Grüße", transactionId: [0x01, 0x02]).hex
            == "FD858C2AB5062CBD1BF61A9CBF2E08876C1D01302D825696DD866382D513DD3A")
    }

    @Test("the same code gives another hash in another transaction")
    func boundToTransaction() {
        #expect(ConfirmationCode.hashCc("1234", transactionId: [0x01]) != ConfirmationCode.hashCc("1234", transactionId: [0x02]))
    }
}
