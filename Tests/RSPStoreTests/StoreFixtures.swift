import Foundation
import RSPCore
import RSPStore
import RSPTestSupport

/// The stores the conformance suite runs against: every `SMDPStore` must behave the same.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case inMemory = "InMemorySMDPStore"
    case sqliteFile = "SQLiteSMDPStore (file)"
    case sqliteInMemory = "SQLiteSMDPStore (in memory)"
    /// A fresh database on the server of `OPENRSP_POSTGRES_URL`.
    case postgres = "PostgresSMDPStore"

    var description: String { rawValue }

    /// The stores the suites run against: all of them, PostgreSQL only when a server is configured.
    static var available: [StoreKind] {
        allCases.filter { $0 != .postgres || PostgresTestDatabase.isAvailable }
    }

    /// Runs `body` with a fresh, empty store; a database file lives in a temporary directory
    /// that is removed afterwards.
    func withStore(_ body: (any SMDPStore) async throws -> Void) async throws {
        switch self {
        case .inMemory:
            try await body(InMemorySMDPStore())
        case .sqliteInMemory:
            try await body(try SQLiteSMDPStore.inMemory())
        case .sqliteFile:
            try await TemporaryDirectory.with { directory in
                let store = try SQLiteSMDPStore(dataDirectory: directory)
                try await body(store)
                try store.close()
            }
        case .postgres:
            try await PostgresTestDatabase.withStores { stores in try await body(stores.smdp) }
        }
    }
}

enum TemporaryDirectory {
    static func with(_ body: (URL) async throws -> Void) async throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("openrsp-store-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try await body(url)
    }
}

extension StoreError {
    /// Whether the database failed (rather than refusing the change).
    var isStorage: Bool {
        if case .storage = self { return true }
        return false
    }
}

/// A thrown-by-the-caller error, to check that `updateSession` rethrows it unchanged.
struct RefusedByCaller: Error, Equatable {
    let why: String
}

/// Records built from real identifiers (valid EIDs, ICCIDs, DER OperatorIDs, a TS.48 UPP) and
/// dates with sub-microsecond fractions, so a lossy column would show.
enum Fixtures {
    static let t0 = Date(timeIntervalSinceReferenceDate: 786_000_000.123_456_789)

    static func date(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// A 20-digit ICCID (no padding), distinct per `n`.
    static func iccid(_ n: Int) throws -> ICCID {
        try ICCID(digits: "8949449999999" + String(format: "%07d", n), checkLuhn: false)
    }

    /// A 19-digit ICCID: its EF.ICCID form ends in an 'F' nibble.
    static func shortICCID(_ n: Int) throws -> ICCID {
        try ICCID(digits: "894944999999" + String(format: "%07d", n), checkLuhn: false)
    }

    static func eid(_ n: UInt64) throws -> EID { try EID(prefix: "89049032", individualNumber: n) }

    static func transactionId(_ n: UInt8) throws -> TransactionID {
        try TransactionID(bytes: [0xA5, 0x5A, 0x00, n, 0xFF, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, n])
    }

    static var upp: [UInt8] {
        get throws { try Vectors.bytes("TS48V2-SAIP2-1-BERTLV-UNIQUE.der", in: Vectors.profiles) }
    }

    static let profileType = "TS48V2-SAIP2-1-BERTLV-UNIQUE"

    /// The owner of the fixtures' profiles unless a test names another: "001-01", the MCC-MNC of
    /// `owner()` too.
    static let defaultOwner = OperatorID(mccMnc: OctetString([0x00, 0xF1, 0x10]))
    /// The owners whose profiles the tests order by type.
    static let owners = [defaultOwner]

    static func profile(_ iccid: ICCID, owner: OperatorID? = defaultOwner, profileType: String = profileType) throws -> ProfileRecord {
        ProfileRecord(
            iccid: iccid, profileType: profileType, serviceProviderName: "OpenRSP Test Operator",
            profileName: "Test profile \(iccid.digits)", profileClass: .operational, owner: owner,
            upp: try upp, importedAt: date(1))
    }

    static func owner() throws -> OperatorID {
        try OperatorID(mcc: "001", mnc: "01", gid1: OctetString([0x12, 0x34]))
    }

    static func order(_ matchingId: String, for iccid: ICCID, eid: EID? = nil, attempts: Int = 5) -> OrderRecord {
        OrderRecord(
            matchingId: matchingId, iccid: iccid, eid: eid, confirmationCodeHash: Array(repeating: 0xCC, count: 32),
            confirmationCodeAttemptsLeft: attempts, state: .released, reason: nil, downloadedBy: nil,
            createdAt: date(2), updatedAt: date(2), expiresAt: date(86_400))
    }

    /// An order in `state` (every optional ES2+ field set) that expires at `expiresAt`.
    static func order(_ matchingId: String, for iccid: ICCID, state: ProfileLifecycleState,
                      expiresAt: Date?) -> OrderRecord {
        var order = order(matchingId, for: iccid)
        order.state = state
        order.expiresAt = expiresAt
        order.operatorName = "Operator A"
        order.smdsAddress = "smds.example.test"
        return order
    }

    static func operatorRecord(_ name: String, fingerprint: UInt8, callbackURL: String? = "https://operator.example.test:8443/es2plus")
        -> OperatorRecord {
        OperatorRecord(
            name: name, poIds: ["001-01", "999-99"], profileTypes: [profileType, "Tést ✓ type"],
            certificateFingerprint: Array(repeating: fingerprint, count: 31) + [0x00], callbackURL: callbackURL,
            createdAt: date(5))
    }

    static func functionCall(_ requester: String, _ function: String, _ callId: String, outcome: UInt8) -> FunctionCallRecord {
        FunctionCallRecord(
            requester: requester, function: function, callId: callId, requestHash: Array(repeating: outcome ^ 0x5A, count: 32),
            outcome: [0x30, 0x03, 0x02, 0x01, outcome], createdAt: date(Double(10 + Int(outcome))))
    }

    static func callback(_ n: Int, operatorName: String = "Operator A") -> CallbackRecord {
        CallbackRecord(
            operatorName: operatorName, url: "https://operator.example.test:8443/es2plus/progress/\(n)",
            body: Array("{\"n\":\(n)}".utf8), createdAt: date(Double(20 + n)), nextAttemptAt: date(Double(20 + n)))
    }

    static func session(_ transactionId: TransactionID, matchingId: String?, expiresAt: Date = date(600),
                        state: SessionState = .initiated) -> SessionRecord {
        SessionRecord(
            transactionId: transactionId, state: state, euiccChallenge: Array(0..<16), serverChallenge: Array(16..<32),
            ciPKId: Array(repeating: 0xF5, count: 20), euiccSVN: [2, 2, 2], matchingId: matchingId,
            createdAt: date(3), expiresAt: expiresAt)
    }

    /// A session after AuthenticateClient, with every optional field set.
    static func authenticatedSession(_ transactionId: TransactionID, matchingId: String, eid: EID) -> SessionRecord {
        var session = session(transactionId, matchingId: matchingId)
        session.state = .authenticated
        session.eid = eid
        session.euiccCertificate = Array(repeating: 0x30, count: 500)
        session.smdpSignature2 = Array(repeating: 0x5F, count: 64)
        session.ccRequired = true
        session.euiccOtpk = [0x04] + Array(repeating: 0x77, count: 64)
        return session
    }

    static func notification(eid: EID?, iccid: ICCID?, seq: Int, transactionId: TransactionID?) -> NotificationRecord {
        NotificationRecord(
            eid: eid, iccid: iccid, seqNumber: seq, event: "install", transactionId: transactionId,
            payload: [0xBF, 0x37, 0x03, 0x80, 0x01, UInt8(seq & 0xFF)], receivedAt: date(Double(1000 + seq)))
    }
}
