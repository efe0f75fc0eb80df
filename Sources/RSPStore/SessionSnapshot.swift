import Foundation
import RSPCore

/// What one ES9+ step reads about its RSP session, from one consistent snapshot
/// (`SMDPStore.sessionSnapshot`): the session, the order it serves, that order's profile and where
/// the order's operator wants progress reports. One read instead of one per record: every ES9+
/// call reads once and writes once.
public struct SessionSnapshot: Hashable, Sendable {
    public var session: SessionRecord
    /// The order named by the matchingId asked for or, when none was, by the session's own; nil
    /// when no such order exists.
    public var order: OrderRecord?
    /// The order's profile; nil without an order (or when the profile is missing). Its `upp` is
    /// empty unless the snapshot was read `withPackage`: only the step that binds the package
    /// needs its ~12 KB or more, and every other step would read and copy it for nothing.
    public var profile: ProfileRecord?
    /// The callback URL of the operator that placed the order (`OperatorRecord.callbackURL`); nil
    /// for a local order, an operator without one, or an operator no longer registered.
    public var operatorCallbackURL: String?

    public init(session: SessionRecord, order: OrderRecord?, profile: ProfileRecord?, operatorCallbackURL: String?) {
        self.session = session
        self.order = order
        self.profile = profile
        self.operatorCallbackURL = operatorCallbackURL
    }
}

/// The one statement both databases answer a snapshot with: a single statement reads one
/// snapshot in either database, and costs one round trip to PostgreSQL. The order, profile and
/// operator columns are renamed with a prefix (`o_`, `p_`, `op_`), since the tables share names
/// (`state`, `eid`, `created_at`…); `PrefixedRow` reads them with the records' usual readers.
enum SessionSnapshotQuery {
    /// Named rather than `*`: the statement's columns, and their positions, follow from its text
    /// alone (`SQLiteStatementRow` relies on that), whatever order migrations gave the table.
    static let sessionColumns = [
        "transaction_id", "state", "euicc_challenge", "server_challenge", "ci_pkid", "euicc_svn", "matching_id", "eid",
        "euicc_certificate", "smdp_signature2", "cc_required", "euicc_otpk", "created_at", "expires_at",
        "negotiated_version", "negotiated_features",
    ]
    static let orderColumns = [
        "matching_id", "iccid", "eid", "confirmation_code_hash", "confirmation_code_attempts_left", "state", "reason",
        "downloaded_by", "created_at", "updated_at", "expires_at", "operator_name", "smds_address",
    ]
    static let profileColumns = [
        "iccid", "profile_type", "service_provider_name", "profile_name", "profile_class", "owner", "upp",
        "imported_at", "template_id",
    ]

    /// The session's columns of table alias `s`, and the order's of `o` renamed `o_…`: what
    /// `snapshot` and `order(in:)` read.
    static let sessionSelect = sessionColumns.map { "s.\($0)" }.joined(separator: ", ")
    static let orderSelect = orderColumns.map { "o.\($0) AS o_\($0)" }.joined(separator: ", ")

    /// `placeholder(n)` spells the n-th parameter (1: the TransactionID, 2: the matchingId or NULL).
    /// Without the package, both package columns are NULL and the template is not joined.
    static func sql(withPackage: Bool, placeholder: (Int) -> String) -> String {
        let profile = profileColumns.map { $0 == "upp" && !withPackage ? "NULL AS p_upp" : "p.\($0) AS p_\($0)" }
            .joined(separator: ", ")
        let template = withPackage ? "t.upp" : "NULL"
        let templateJoin = withPackage ? "\n    LEFT JOIN profile_templates t ON t.id = p.template_id" : ""
        return """
            SELECT \(sessionSelect), \(orderSelect), \(profile), \(template) AS p_template_upp, op.callback_url AS op_callback_url
            FROM sessions s
            LEFT JOIN orders o ON o.matching_id = COALESCE(\(placeholder(2)), s.matching_id)
            LEFT JOIN profiles p ON p.iccid = o.iccid\(templateJoin)
            LEFT JOIN operators op ON op.name = o.operator_name
            WHERE s.transaction_id = \(placeholder(1))
            """
    }

    /// The order in `orderSelect`'s columns of `row`; nil when the join found none.
    static func order(in row: some StoredRow) throws -> OrderRecord? {
        let orderRow = PrefixedRow(base: row, prefix: "o_")
        return try orderRow.optionalString("matching_id") == nil ? nil : try OrderRecord(row: orderRow)
    }

    /// The snapshot in a row of `sql(withPackage:)`.
    static func snapshot(_ row: some StoredRow, withPackage: Bool) throws -> SessionSnapshot {
        let order = try order(in: row)
        let profileRow = PrefixedRow(base: row, prefix: "p_")
        let profile = try profileRow.optionalString("iccid") == nil ? nil : try ProfileRecord(joinedRow: profileRow, withPackage: withPackage)
        return SessionSnapshot(
            session: try SessionRecord(row: row), order: order, profile: profile,
            operatorCallbackURL: try row.optionalString("op_callback_url"))
    }
}

/// The columns of `base` whose names start with `prefix`, read by their unprefixed names.
struct PrefixedRow<Base: StoredRow>: StoredRow {
    let base: Base
    let prefix: String

    func string(_ column: String) throws -> String { try base.string(prefix + column) }
    func optionalString(_ column: String) throws -> String? { try base.optionalString(prefix + column) }
    func int(_ column: String) throws -> Int { try base.int(prefix + column) }
    func int64(_ column: String) throws -> Int64 { try base.int64(prefix + column) }
    func bool(_ column: String) throws -> Bool { try base.bool(prefix + column) }
    func double(_ column: String) throws -> Double { try base.double(prefix + column) }
    func optionalDouble(_ column: String) throws -> Double? { try base.optionalDouble(prefix + column) }
    func optionalInt64(_ column: String) throws -> Int64? { try base.optionalInt64(prefix + column) }
    func bytes(_ column: String) throws -> [UInt8] { try base.bytes(prefix + column) }
    func optionalBytes(_ column: String) throws -> [UInt8]? { try base.optionalBytes(prefix + column) }
}

extension ProfileRecord {
    /// Every column of `profiles` but the package: what choosing a profile reads
    /// (`init(joinedRow:withPackage: false)` decodes it).
    static let metadataColumns = SessionSnapshotQuery.profileColumns.filter { $0 != "upp" }

    /// A profile joined with its template (`template_upp`, NULL for a profile with its own UPP);
    /// without the package, `upp` is empty.
    init(joinedRow row: some StoredRow, withPackage: Bool = true) throws {
        let templateID = try row.optionalString("template_id")
        let upp: [UInt8]
        if !withPackage {
            upp = []
        } else if templateID != nil {
            guard let shared = try row.optionalBytes("template_upp") else {
                throw StoredColumn.CorruptRow(column: "template_id")
            }
            upp = shared
        } else {
            upp = try row.bytes("upp")
        }
        self.init(
            iccid: try row.iccid("iccid"),
            profileType: try row.string("profile_type"),
            serviceProviderName: try row.string("service_provider_name"),
            profileName: try row.string("profile_name"),
            profileClass: ProfileClass(rawValue: try row.int("profile_class")),
            owner: try row.optionalOperatorID("owner"),
            upp: upp,
            importedAt: try row.date("imported_at"),
            templateID: templateID)
    }
}
