import Foundation
import PostgresNIO
import RSPCore

/// Download orders (ES2+.DownloadOrder / ConfirmOrder / CancelOrder / ReleaseProfile, SGP.22 §5.3).
/// A profile's *active* order is its one order not `cancelled`; the partial unique index
/// `orders_active_by_iccid` makes that a schema rule. Every change of which order is a profile's
/// active one first locks the profile's row, so the checks below see every committed competitor
/// (READ COMMITTED: each statement after the lock reads the latest commits).
extension PostgresSMDPStore {
    public func insertOrder(_ order: OrderRecord, recording: FunctionCallRecording?) async throws {
        try await database.write("order \(order.matchingId)") { transaction in
            try await Self.insertOrder(transaction, order)
            try await Self.apply(recording, to: order, transaction)
        }
    }

    public func order(matchingId: String) async throws -> OrderRecord? {
        try await database.statement("order \(matchingId)") { transaction in
            try await Self.fetchOrder(transaction, matchingId: matchingId)
        }
    }

    public func activeOrder(iccid: ICCID) async throws -> OrderRecord? {
        try await database.statement("order for \(iccid)") { transaction in
            try await Self.fetchActiveOrder(transaction, iccid: iccid)
        }
    }

    /// Walks each owner's available profiles of the type in ICCID order, a page of candidates at a
    /// time, merged (`AllocationPages`), and takes the first one `accept` approves that it can
    /// lock with `FOR UPDATE SKIP LOCKED`. A profile another node is ordering right now is skipped
    /// rather than waited for, and each caller locks only the profile it takes (locking a whole
    /// page would leave concurrent callers nothing to take). After the lock, the active-order
    /// check runs again: a competitor may have committed an order between the page's snapshot and
    /// the lock.
    public func insertOrder(
        forProfileType profileType: String, owners: [OperatorID], accept: @Sendable (ProfileRecord) -> Bool,
        make: @Sendable (ProfileRecord) throws -> OrderRecord, recording: FunctionCallRecording?
    ) async throws -> OrderRecord? {
        let mccMncs = AllocationPages.mccMncs(owners)
        return try await database.write("order of type \(profileType)") { transaction in
            try await transaction.execute(Self.allocationSettings)
            var after = ""
            var limit = AllocationPages.firstPageSize
            while true {
                var pages: [[ProfileRecord]] = []
                for mccMnc in mccMncs {
                    let rows = try await transaction.rows(
                        Self.allocationPage(profileType: profileType, owner: mccMnc, after: after, limit: limit))
                    pages.append(try rows.map { try ProfileRecord(joinedRow: $0, withPackage: false) })
                }
                let (candidates, next) = AllocationPages.merge(pages, limit: limit) { PostgresColumn.text($0.iccid) }
                for profile in candidates where accept(profile) {
                    guard try await Self.lockProfile(transaction, iccid: profile.iccid, skipLocked: true),
                          try await Self.fetchActiveOrder(transaction, iccid: profile.iccid) == nil
                    else { continue }
                    let order: OrderRecord
                    do { order = try make(profile) } catch { throw PostgresErrorMapping.ChangeRefused(error: error) }
                    guard order.iccid == profile.iccid else { throw StoreError.conflict("the order names another profile") }
                    try await Self.insertOrder(transaction, order, profileChecked: true)
                    try await Self.apply(recording, to: order, transaction)
                    return order
                }
                guard let next else { return nil }
                after = next
                limit = AllocationPages.pageSize
            }
        }
    }

    /// For the rest of the allocation's transaction: no plan that sorts, so that `allocationPage`
    /// can only be read in the order of `profiles_owner_allocation` (schema v11 says why).
    static let allocationSettings: PostgresQuery = "SET LOCAL enable_sort = off"

    /// Up to `limit` of one owner's available profiles of the type after the ICCID `after`, in
    /// ICCID order and without their packages, from the partial index `profiles_owner_allocation`:
    /// it holds only profiles without an active order (the `orders` triggers keep `available` in
    /// step), so ordered ones and other owners' are never read.
    static func allocationPage(profileType: String, owner mccMnc: [UInt8], after: String, limit: Int) -> PostgresQuery {
        """
        SELECT \(unescaped: ProfileRecord.metadataColumns.joined(separator: ", ")) FROM profiles
        WHERE profile_type = \(profileType) AND \(unescaped: PostgresSchema.ownerMccMnc) = \(PostgresColumn.bytes(mccMnc))
          AND available AND iccid COLLATE "POSIX" > \(after)
        ORDER BY iccid COLLATE "POSIX" LIMIT \(limit)
        """
    }

    /// Locks the active order's row: a concurrent change of it on another node waits, and if that
    /// change cancelled it, this one finds no active order.
    public func updateOrder<Result: Sendable>(
        iccid: ICCID, now: Date, recording: FunctionCallRecording?, _ change: @Sendable (inout OrderRecord) throws -> Result
    ) async throws -> Result {
        try await database.write("order for \(iccid)") { transaction in
            guard let original = try await Self.fetchActiveOrder(transaction, iccid: iccid, lock: true) else {
                throw StoreError.notFound("order for \(iccid)")
            }
            var edited = original
            let result: Result
            do { result = try change(&edited) } catch { throw PostgresErrorMapping.ChangeRefused(error: error) }
            let rules = try OrderUpdateRules(original: original, edited: edited, now: now)
            try await Self.apply(recording, to: rules.orderToWrite ?? original, transaction)
            guard let changed = rules.orderToWrite else { return result }
            if rules.renamesOrder, try await Self.fetchOrder(transaction, matchingId: changed.matchingId) != nil {
                throw OrderUpdateRules.matchingIdTaken(changed.matchingId)
            }
            try await transaction.execute(changed.postgresUpdate(storedAs: original.matchingId))
            return result
        }
    }

    /// The state list is the partial index's own (`orders_pending_by_expiry`), as literals.
    public func expiredOrders(at date: Date, limit: Int) async throws -> [OrderRecord] {
        try await database.statement("expired orders") { transaction in
            try await transaction.rows("""
                SELECT * FROM orders WHERE expires_at IS NOT NULL AND expires_at <= \(PostgresColumn.date(date))
                  AND state IN (\(unescaped: ProfileLifecycleState.pendingSQLList))
                ORDER BY expires_at, matching_id LIMIT \(max(0, limit))
                """).map(OrderRecord.init(row:))
        }
    }

    public func oldestReleasedOrder(eid: EID, at date: Date) async throws -> OrderRecord? {
        try await database.statement("released order for \(eid)") { transaction in
            try await transaction.rows("""
                SELECT * FROM orders
                WHERE eid = \(PostgresColumn.text(eid)) AND state = 'released'
                  AND (expires_at IS NULL OR expires_at > \(PostgresColumn.date(date)))
                ORDER BY created_at, matching_id LIMIT 1
                """).map(OrderRecord.init(row:)).first
        }
    }

    /// Checks the three rules in the order `SMDPStore` documents them, holding the profile's lock;
    /// the schema's constraints enforce the same rules again.
    /// - Parameter profileChecked: the caller already locked the profile and found it without an
    ///   active order in this transaction (allocation by type), so those two reads are not repeated.
    static func insertOrder(_ transaction: PostgresTransaction, _ order: OrderRecord, profileChecked: Bool = false) async throws {
        if !profileChecked {
            guard try await lockProfile(transaction, iccid: order.iccid) else {
                throw StoreError.notFound("profile \(order.iccid)")
            }
        }
        guard try await fetchOrder(transaction, matchingId: order.matchingId) == nil else {
            throw StoreError.duplicate("matchingId \(order.matchingId)")
        }
        if !profileChecked {
            guard try await fetchActiveOrder(transaction, iccid: order.iccid) == nil else {
                throw SessionUpdateRules.profileTaken(order.iccid)
            }
        }
        try await transaction.execute(order.postgresInsert)
    }

    static func fetchOrder(_ transaction: PostgresTransaction, matchingId: String) async throws -> OrderRecord? {
        try await transaction.row("SELECT * FROM orders WHERE matching_id = \(matchingId)").map(OrderRecord.init(row:))
    }

    static func fetchActiveOrder(_ transaction: PostgresTransaction, iccid: ICCID, lock: Bool = false) async throws -> OrderRecord? {
        let key = PostgresColumn.text(iccid)
        let row = lock
            ? try await transaction.row("SELECT * FROM orders WHERE iccid = \(key) AND state <> 'cancelled' FOR UPDATE")
            : try await transaction.row("SELECT * FROM orders WHERE iccid = \(key) AND state <> 'cancelled'")
        return try row.map(OrderRecord.init(row:))
    }
}
