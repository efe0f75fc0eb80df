import Foundation
import GRDB
import RSPCore
@testable import RSPStore
import Testing

/// What only a database file can get wrong: durability, several connections (as several server
/// processes would open) racing on one file, and files that are not what they should be.
@Suite("SQLiteSMDPStore")
struct SQLiteSMDPStoreTests {
    @Test("data survives closing and reopening the file")
    func survivesReopen() async throws {
        try await TemporaryDirectory.with { directory in
            let (session, order) = try await {
                let store = try SQLiteSMDPStore(dataDirectory: directory)
                let pair = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
                try await store.insertNotification(
                    Fixtures.notification(eid: try Fixtures.eid(5), iccid: pair.1.iccid, seq: 1, transactionId: nil))
                try store.close()
                return pair
            }()
            #expect(FileManager.default.fileExists(
                atPath: directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path))

            let reopened = try SQLiteSMDPStore(dataDirectory: directory)
            #expect(try await reopened.session(transactionId: session.transactionId) == session)
            #expect(try await reopened.order(matchingId: order.matchingId) == order)
            #expect(try await reopened.profile(iccid: order.iccid) == (try Fixtures.profile(order.iccid)))
            #expect(try await reopened.notifications(eid: try Fixtures.eid(5)).count == 1)
            // The schema is not created twice: inserting still enforces its rules.
            await #expect(throws: StoreError.duplicate("session \(session.transactionId)")) {
                try await reopened.insertSession(session)
            }
            try reopened.close()
        }
    }

    @Test("a closed store refuses calls with a storage error")
    func closedStore() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            try store.close()
            await #expect {
                try await store.insertProfile(try Fixtures.profile(try Fixtures.iccid(1)))
            } throws: { error in
                guard case StoreError.storage = error else { return false }
                return true
            }
        }
    }

    @Test("two tasks racing to order the same profile: exactly one succeeds, on one connection or two",
          arguments: [1, 2])
    func orderRace(connections: Int) async throws {
        try await TemporaryDirectory.with { directory in
            let stores = try (0..<connections).map { _ in try SQLiteSMDPStore(dataDirectory: directory) }
            let iccid = try Fixtures.iccid(1)
            try await stores[0].insertProfile(try Fixtures.profile(iccid))
            let outcomes = await withTaskGroup(of: Result<String, any Error>.self) { group in
                for contender in 0..<2 {
                    let store = stores[contender % connections]
                    group.addTask {
                        do {
                            try await store.insertOrder(Fixtures.order("RACE-\(contender)", for: iccid))
                            return .success("RACE-\(contender)")
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var outcomes: [Result<String, any Error>] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let winners = outcomes.compactMap { try? $0.get() }
            let losers = outcomes.compactMap { outcome -> (any Error)? in
                if case .failure(let error) = outcome { return error }
                return nil
            }
            #expect(winners.count == 1)
            #expect(losers.count == 1)
            #expect(losers.first as? StoreError == .conflict("profile \(iccid) already has an order"))
            let ordered = try await stores[0].inventory().map(\.order?.matchingId)
            #expect(ordered == winners.map(Optional.some))
            for store in stores { try store.close() }
        }
    }

    @Test("50 concurrent updateSession calls on one session lose no update, across two connections")
    func concurrentUpdatesLoseNothing() async throws {
        try await TemporaryDirectory.with { directory in
            let stores = [try SQLiteSMDPStore(dataDirectory: directory), try SQLiteSMDPStore(dataDirectory: directory)]
            let iccid = try Fixtures.iccid(1)
            try await stores[0].insertProfile(try Fixtures.profile(iccid))
            try await stores[0].insertOrder(Fixtures.order("M-1", for: iccid, attempts: 50))
            let transactionId = try Fixtures.transactionId(1)
            try await stores[0].insertSession(Fixtures.session(transactionId, matchingId: "M-1"))

            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<50 {
                    let store = stores[index % 2]
                    group.addTask {
                        try await store.updateSession(transactionId: transactionId, matchingId: nil,
                                                      now: Fixtures.date(Double(index))) { session, order in
                            order?.confirmationCodeAttemptsLeft -= 1
                            session.euiccSVN.append(UInt8(index))
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await stores[1].order(matchingId: "M-1")?.confirmationCodeAttemptsLeft == 0)
            let svn = try #require(try await stores[0].session(transactionId: transactionId)?.euiccSVN)
            #expect(svn.count == 3 + 50)
            #expect(Set(svn.dropFirst(3)) == Set(0..<50))
            for store in stores { try store.close() }
        }
    }

    @Test("1000 sequential session updates all land (time printed, not asserted)")
    func thousandUpdates() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            let iccid = try Fixtures.iccid(1)
            try await store.insertProfile(try Fixtures.profile(iccid))
            try await store.insertOrder(Fixtures.order("M-1", for: iccid, attempts: 1000))
            let transactionId = try Fixtures.transactionId(1)
            try await store.insertSession(Fixtures.session(transactionId, matchingId: "M-1"))

            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                for index in 0..<1000 {
                    try await store.updateSession(transactionId: transactionId, matchingId: nil,
                                                  now: Fixtures.date(Double(index))) { _, order in
                        order?.confirmationCodeAttemptsLeft -= 1
                    }
                }
            }
            print("SQLiteSMDPStore: 1000 updateSession calls took \(elapsed)")
            #expect(try await store.order(matchingId: "M-1")?.confirmationCodeAttemptsLeft == 0)
            try store.close()
        }
    }

    @Test("a file that is not an SQLite database is refused with a storage error, not a crash")
    func notADatabase() async throws {
        try await TemporaryDirectory.with { directory in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x42, count: 4096)))
            #expect {
                _ = try SQLiteSMDPStore(path: path)
            } throws: { error in
                guard case StoreError.storage(let message) = error else { return false }
                return !message.contains("SELECT") && !message.contains("CREATE")
            }
        }
    }

    @Test("a row that does not decode is a storage error naming the column, not a crash")
    func corruptRow() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            let (session, order) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            // Another program damages the file: an EID that fails its check digits, an unknown state.
            let path = directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path
            let vandal = try DatabaseQueue(path: path)
            try await vandal.write { db in
                try db.execute(sql: "UPDATE sessions SET eid = '89049032000000000000000000000000'")
                try db.execute(sql: "UPDATE orders SET state = 'teleported'")
            }
            try vandal.close()

            await #expect(throws: StoreError.storage("session \(session.transactionId): column eid holds a value that does not decode")) {
                _ = try await store.session(transactionId: session.transactionId)
            }
            await #expect(throws: StoreError.storage("order \(order.matchingId): column state holds a value that does not decode")) {
                _ = try await store.order(matchingId: order.matchingId)
            }
            await #expect(throws: StoreError.storage("session \(session.transactionId): column eid holds a value that does not decode")) {
                try await store.updateSession(transactionId: session.transactionId, matchingId: nil, now: Fixtures.t0) { _, _ in }
            }
            try store.close()
        }
    }

    @Test("the schema has the documented tables, the UNIQUE active-order-per-profile rule and the lookup indexes")
    func schema() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            try store.close()
            let inspector = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName).path)
            let (tables, indexes, journalMode, uniqueOrderICCID, activeIndexSQL) = try await inspector.read { db in
                (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name"),
                 try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name"),
                 try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                 try db.indexes(on: "orders").contains { $0.isUnique && $0.columns == ["iccid"] },
                 try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'orders_active_by_iccid'"))
            }
            try inspector.close()
            #expect(tables == ["callbacks", "function_calls", "leases", "notifications", "operators", "orders", "profile_templates", "profiles",
                               "sessions"])
            #expect(indexes == ["callbacks_delivered", "callbacks_pending", "function_calls_by_date", "notifications_by_eid_seq",
                                "orders_active_by_iccid", "orders_pending_by_expiry", "orders_released_by_eid",
                                "profiles_by_type", "profiles_owner_allocation", "sessions_by_expiry"])
            #expect(journalMode == "wal")
            // One *active* order per profile (migration v2): the UNIQUE index is partial, cancelled orders are history.
            #expect(uniqueOrderICCID)
            #expect(activeIndexSQL?.contains("WHERE state <> 'cancelled'") == true)
        }
    }

    @Test("one eUICC's notifications and the duplicate check are both found through notifications_by_eid_seq, not by a scan")
    func notificationLookupsUseTheIndex() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            try store.close()
            let eid = "89049032000000000000000000000000"
            let plans = try await SQLiteQueryPlans.of(directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName), [
                ("SELECT * FROM notifications WHERE eid = ? ORDER BY id", [eid]),
                ("SELECT EXISTS (SELECT 1 FROM notifications WHERE eid = ? AND seq_number = ?)", [eid, 1]),
            ])
            for plan in plans {
                #expect(plan.contains("USING INDEX notifications_by_eid_seq") || plan.contains("USING COVERING INDEX notifications_by_eid_seq"), "\(plan)")
            }
        }
    }

    @Test("the retention purge finds old function calls and delivered callbacks through their date indexes, not by a scan")
    func retentionDeletesUseTheIndexes() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            try store.close()
            let plans = try await SQLiteQueryPlans.of(directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName), [
                ("SELECT rowid FROM function_calls WHERE created_at < ? LIMIT 10", [0.0]),
                ("SELECT id FROM callbacks WHERE delivered_at IS NOT NULL AND delivered_at < ? LIMIT 10", [0.0]),
            ])
            #expect(plans[0].contains("INDEX function_calls_by_date"), "\(plans[0])")
            #expect(plans[1].contains("INDEX callbacks_delivered"), "\(plans[1])")
        }
    }

    @Test("an allocation page seeks to the type, the owner and the ICCID in profiles_owner_allocation: nothing before them is read")
    func allocationSeeksTheOwner() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            try store.close()
            let plans = try await SQLiteQueryPlans.of(directory.appendingPathComponent(SQLiteSMDPStore.defaultFileName), [
                (SQLiteSMDPStore.allocationPageSQL,
                 [Fixtures.profileType, Data(Fixtures.defaultOwner.mccMnc.bytes), "", AllocationPages.firstPageSize]),
            ])
            // All three columns constrain the search, and no sort is needed.
            #expect(plans[0].contains("SEARCH profiles USING INDEX profiles_owner_allocation (profile_type=? AND <expr>=? AND iccid>?)"),
                    "\(plans[0])")
            #expect(!plans[0].contains("TEMP B-TREE"), "\(plans[0])")
        }
    }
}
