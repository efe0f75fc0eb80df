import Foundation
import GRDB
import RSPCore

/// Download orders (ES2+.DownloadOrder / ConfirmOrder / CancelOrder / ReleaseProfile, SGP.22 §5.3).
/// A profile's *active* order is its one order not `cancelled` (the partial unique index
/// `orders_active_by_iccid` makes that a schema rule).
extension SQLiteSMDPStore {
    /// Checks the three rules in the order `SMDPStore` documents them, inside the write
    /// transaction; the schema's constraints enforce the same rules again should another writer
    /// bypass these checks.
    public func insertOrder(_ order: OrderRecord, recording: FunctionCallRecording?) async throws {
        try await database.write("order \(order.matchingId)") { db in
            try Self.insertOrder(db, order)
            try Self.apply(recording, to: order, db)
        }
    }

    public func order(matchingId: String) async throws -> OrderRecord? {
        try await database.read("order \(matchingId)") { db in
            try Self.fetchOrder(db, matchingId: matchingId)
        }
    }

    public func activeOrder(iccid: ICCID) async throws -> OrderRecord? {
        try await database.read("order for \(iccid)") { db in
            try Self.fetchActiveOrder(db, iccid: iccid)
        }
    }

    /// Walks each owner's available profiles of the type (the partial index
    /// `profiles_owner_allocation`, which the `orders` triggers keep in step) in ICCID order, a
    /// page at a time, merged (`AllocationPages`), inside one `BEGIN IMMEDIATE` transaction: a
    /// concurrent caller waits, then sees the profile taken. Ordered profiles and other owners'
    /// are not read, so the first page holds the answer however many there are.
    public func insertOrder(
        forProfileType profileType: String, owners: [OperatorID], accept: @Sendable (ProfileRecord) -> Bool,
        make: @Sendable (ProfileRecord) throws -> OrderRecord, recording: FunctionCallRecording?
    ) async throws -> OrderRecord? {
        let mccMncs = AllocationPages.mccMncs(owners)
        return try await database.write("order of type \(profileType)") { db in
            var after = ""
            var limit = AllocationPages.firstPageSize
            while true {
                let pages = try mccMncs.map { mccMnc in
                    try Row.fetchAll(db, sql: Self.allocationPageSQL, arguments: [profileType, Data(mccMnc), after, limit])
                        .map { try ProfileRecord(joinedRow: $0, withPackage: false) }
                }
                let (candidates, next) = AllocationPages.merge(pages, limit: limit) { SQLiteColumn.text($0.iccid) }
                if let profile = candidates.first(where: accept) {
                    let order: OrderRecord
                    do { order = try make(profile) } catch { throw SQLiteErrorMapping.ChangeRefused(error: error) }
                    guard order.iccid == profile.iccid else { throw StoreError.conflict("the order names another profile") }
                    try Self.insertOrder(db, order)
                    try Self.apply(recording, to: order, db)
                    return order
                }
                guard let next else { return nil }
                after = next
                limit = AllocationPages.pageSize
            }
        }
    }

    /// One owner's next available profiles of a type after an ICCID, in ICCID order, without their
    /// packages. `INDEXED BY`: a plan without the index fails instead of scanning.
    static let allocationPageSQL = """
        SELECT \(ProfileRecord.metadataColumns.joined(separator: ", ")) FROM profiles INDEXED BY profiles_owner_allocation
        WHERE profile_type = ? AND \(SQLiteSchema.ownerMccMnc) = ? AND available = 1 AND iccid > ?
        ORDER BY iccid LIMIT ?
        """

    public func updateOrder<Result: Sendable>(
        iccid: ICCID, now: Date, recording: FunctionCallRecording?, _ change: @Sendable (inout OrderRecord) throws -> Result
    ) async throws -> Result {
        try await database.write("order for \(iccid)") { db in
            guard let original = try Self.fetchActiveOrder(db, iccid: iccid) else {
                throw StoreError.notFound("order for \(iccid)")
            }
            var edited = original
            let result: Result
            do { result = try change(&edited) } catch { throw SQLiteErrorMapping.ChangeRefused(error: error) }
            let rules = try OrderUpdateRules(original: original, edited: edited, now: now)
            try Self.apply(recording, to: rules.orderToWrite ?? original, db)
            guard let changed = rules.orderToWrite else { return result }
            if rules.renamesOrder {
                guard try Self.fetchOrder(db, matchingId: changed.matchingId) == nil else {
                    throw OrderUpdateRules.matchingIdTaken(changed.matchingId)
                }
                try db.execute(sql: OrderRecord.renameSQL, arguments: [changed.matchingId, original.matchingId])
            }
            try OrderRecord.layout.update(db, from: original, to: changed)
            return result
        }
    }

    public func expiredOrders(at date: Date, limit: Int) async throws -> [OrderRecord] {
        try await database.read("expired orders") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM orders INDEXED BY orders_pending_by_expiry
                WHERE expires_at IS NOT NULL AND expires_at <= ? AND state IN (\(ProfileLifecycleState.pendingSQLList))
                ORDER BY expires_at, matching_id LIMIT ?
                """, arguments: [SQLiteColumn.date(date), max(0, limit)])
                .map(OrderRecord.init(row:))
        }
    }

    /// On the read connections, as the session snapshots: it is on the path of a download.
    public func oldestReleasedOrder(eid: EID, at date: Date) async throws -> OrderRecord? {
        try database.readOne(
            "released order for \(eid)", sql: Self.oldestReleasedOrderSQL, values: [.text(eid.digits), .real(SQLiteColumn.date(date))]
        ) { try OrderRecord(row: $0) }
    }

    static let oldestReleasedOrderSQL = """
        SELECT \(SessionSnapshotQuery.orderColumns.joined(separator: ", ")) FROM orders INDEXED BY orders_released_by_eid
        WHERE eid = ?1 AND state = 'released' AND (expires_at IS NULL OR expires_at > ?2)
        ORDER BY created_at, matching_id LIMIT 1
        """

    static func insertOrder(_ db: Database, _ order: OrderRecord) throws {
        guard try fetchProfile(db, iccid: order.iccid, withPackage: false) != nil else {
            throw StoreError.notFound("profile \(order.iccid)")
        }
        guard try fetchOrder(db, matchingId: order.matchingId) == nil else {
            throw StoreError.duplicate("matchingId \(order.matchingId)")
        }
        guard try fetchActiveOrder(db, iccid: order.iccid) == nil else {
            throw SessionUpdateRules.profileTaken(order.iccid)
        }
        try OrderRecord.layout.insert(db, order)
    }

    static func fetchOrder(_ db: Database, matchingId: String) throws -> OrderRecord? {
        try SQLiteStatementRow.fetchOne(db, sql: selectOrderSQL, values: [.text(matchingId)]) { try OrderRecord(row: $0) }
    }

    static func fetchActiveOrder(_ db: Database, iccid: ICCID) throws -> OrderRecord? {
        try SQLiteStatementRow.fetchOne(db, sql: selectActiveOrderSQL, values: [.text(SQLiteColumn.text(iccid))]) {
            try OrderRecord(row: $0)
        }
    }

    static let selectOrderSQL =
        "SELECT \(SessionSnapshotQuery.orderColumns.joined(separator: ", ")) FROM orders WHERE matching_id = ?"
    static let selectActiveOrderSQL =
        "SELECT \(SessionSnapshotQuery.orderColumns.joined(separator: ", ")) FROM orders WHERE iccid = ? AND state <> 'cancelled'"
}
