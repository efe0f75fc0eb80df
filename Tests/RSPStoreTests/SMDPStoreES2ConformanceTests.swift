import Foundation
import RSPCore
import RSPStore
import Testing

/// The ES2+ part of the `SMDPStore` contract (SGP.22 §5.3: order life cycle, allocation by
/// profile type, operators, idempotency, callback outbox), run against every store.
@Suite("SMDPStore conformance: ES2+")
struct SMDPStoreES2ConformanceTests {
    static let always: @Sendable (ProfileRecord) -> Bool = { _ in true }

    /// Builds the order "DL-<ICCID>" for the profile it is given.
    static let makeOrder: @Sendable (ProfileRecord) throws -> OrderRecord = { profile in
        Fixtures.order("DL-\(profile.iccid.digits)", for: profile.iccid)
    }

    static func cancel(_ iccid: ICCID, in store: any SMDPStore, at now: Date = Fixtures.date(10)) async throws {
        try await store.updateOrder(iccid: iccid, now: now) { order in order.state = .cancelled }
    }

    // MARK: Inventory

    @Test("profileTypeExists knows every imported type, whatever its profiles' state", arguments: StoreKind.available)
    func profileTypeExists(kind: StoreKind) async throws {
        try await kind.withStore { store in
            #expect(try await !store.profileTypeExists("TYPE-A"))
            let iccid = try Fixtures.iccid(1)
            try await store.insertProfile(try Fixtures.profile(iccid, profileType: "TYPE-A"))
            #expect(try await store.profileTypeExists("TYPE-A"))
            #expect(try await !store.profileTypeExists("TYPE-B"))
            #expect(try await !store.profileTypeExists("type-a"))
            #expect(try await !store.profileTypeExists(""))
            try await store.insertOrder(Fixtures.order("M-1", for: iccid))
            try await store.updateOrder(iccid: iccid, now: Fixtures.date(10)) { $0.state = .unavailable }
            #expect(try await store.profileTypeExists("TYPE-A"))
        }
    }

    @Test("the inventory sorts by ICCID digits: a 19-digit ICCID before its 20-digit extension",
          arguments: StoreKind.available)
    func inventoryDigitOrder(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let long = try ICCID(digits: "89494499999990000010", checkLuhn: false)
            let short = try ICCID(digits: "8949449999999000001", checkLuhn: false)
            let after = try ICCID(digits: "89494499999990000020", checkLuhn: false)
            for iccid in [after, long, short] { try await store.insertProfile(try Fixtures.profile(iccid)) }
            #expect(try await store.inventory().map(\.profile.iccid) == [short, long, after])
        }
    }

    // MARK: Active order, cancelled and unavailable

    @Test("activeOrder: nil for an unknown ICCID and a profile without order, else the order", arguments: StoreKind.available)
    func activeOrder(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let ordered = try Fixtures.iccid(1), free = try Fixtures.iccid(2)
            try await store.insertProfile(try Fixtures.profile(ordered))
            try await store.insertProfile(try Fixtures.profile(free))
            let order = Fixtures.order("M-1", for: ordered, state: .linked, expiresAt: Fixtures.date(99))
            try await store.insertOrder(order)
            #expect(try await store.activeOrder(iccid: ordered) == order)
            #expect(try await store.activeOrder(iccid: free) == nil)
            #expect(try await store.activeOrder(iccid: try Fixtures.iccid(3)) == nil)
            // Every state but `cancelled` is active.
            for state in ProfileLifecycleState.allCases where state != .cancelled && state != .available {
                try await store.updateOrder(iccid: ordered, now: Fixtures.date(20)) { $0.state = state }
                #expect(try await store.activeOrder(iccid: ordered)?.state == state)
            }
        }
    }

    @Test("a cancelled order is history: the profile is available again, a new order is allowed, its matchingId stays taken",
          arguments: StoreKind.available)
    func cancelledOrderIsHistory(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(1), other = try Fixtures.iccid(2)
            try await store.insertProfile(try Fixtures.profile(iccid))
            try await store.insertProfile(try Fixtures.profile(other))
            let first = Fixtures.order("M-1", for: iccid)
            try await store.insertOrder(first)
            try await Self.cancel(iccid, in: store, at: Fixtures.date(10))

            var cancelled = first
            cancelled.state = .cancelled
            cancelled.updatedAt = Fixtures.date(10)
            #expect(try await store.order(matchingId: "M-1") == cancelled)
            #expect(try await store.activeOrder(iccid: iccid) == nil)
            var items = try await store.inventory()
            #expect(items.map(\.state) == [.available, .available])
            #expect(items[0].order == nil)
            await #expect(throws: StoreError.notFound("order for \(iccid)")) {
                try await store.updateOrder(iccid: iccid, now: Fixtures.date(11)) { _ in
                    Issue.record("the change ran on a cancelled order")
                }
            }

            // Its matchingId stays taken, on this profile and on another.
            await #expect(throws: StoreError.duplicate("matchingId M-1")) {
                try await store.insertOrder(Fixtures.order("M-1", for: iccid))
            }
            await #expect(throws: StoreError.duplicate("matchingId M-1")) {
                try await store.insertOrder(Fixtures.order("M-1", for: other))
            }
            #expect(try await store.order(matchingId: "M-1") == cancelled)

            // A new order is allowed, becomes the active one and shows in the inventory.
            let second = Fixtures.order("M-2", for: iccid, state: .allocated, expiresAt: Fixtures.date(500))
            try await store.insertOrder(second)
            #expect(try await store.activeOrder(iccid: iccid) == second)
            items = try await store.inventory()
            #expect(items[0].order == second)
            #expect(items.map(\.state) == [.allocated, .available])
            // ...and it is again the only one allowed.
            await #expect(throws: StoreError.conflict("profile \(iccid) already has an order")) {
                try await store.insertOrder(Fixtures.order("M-3", for: iccid))
            }
            // updateOrder edits the active order, never the history.
            try await store.updateOrder(iccid: iccid, now: Fixtures.date(12)) { $0.state = .linked }
            #expect(try await store.order(matchingId: "M-1") == cancelled)
            #expect(try await store.order(matchingId: "M-2")?.state == .linked)

            // Cancelled twice: both stay as history, the third order is the active one.
            try await Self.cancel(iccid, in: store, at: Fixtures.date(13))
            let third = Fixtures.order("M-3", for: iccid)
            try await store.insertOrder(third)
            #expect(try await store.activeOrder(iccid: iccid) == third)
            #expect(try await store.order(matchingId: "M-1")?.state == .cancelled)
            #expect(try await store.order(matchingId: "M-2")?.state == .cancelled)
            #expect(try await store.inventory().map(\.order) == [third, nil])
        }
    }

    @Test("an unavailable profile refuses new orders and stays unavailable in the inventory", arguments: StoreKind.available)
    func unavailableBlocksOrders(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(1)
            try await store.insertProfile(try Fixtures.profile(iccid))
            try await store.insertOrder(Fixtures.order("M-1", for: iccid))
            try await store.updateOrder(iccid: iccid, now: Fixtures.date(10)) { $0.state = .unavailable }

            await #expect(throws: StoreError.conflict("profile \(iccid) already has an order")) {
                try await store.insertOrder(Fixtures.order("M-2", for: iccid))
            }
            #expect(try await store.order(matchingId: "M-2") == nil)
            #expect(try await store.activeOrder(iccid: iccid)?.state == .unavailable)
            #expect(try await store.inventory().map(\.state) == [.unavailable])
            let allocated = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always) { profile in
                Issue.record("make ran for an unavailable profile")
                return Fixtures.order("M-3", for: profile.iccid)
            }
            #expect(allocated == nil)
        }
    }

    // MARK: insertOrder(forProfileType:)

    @Test("insertOrder(forProfileType:) allocates the type's profiles lowest ICCID first, then returns nil",
          arguments: StoreKind.available)
    func allocationOrder(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let profiles = [
                try Fixtures.profile(try Fixtures.iccid(30), profileType: "TYPE-A"),
                try Fixtures.profile(try Fixtures.iccid(10), profileType: "TYPE-A"),
                try Fixtures.profile(try Fixtures.iccid(5), profileType: "TYPE-B"),
                try Fixtures.profile(try Fixtures.iccid(20), owner: try Fixtures.owner(), profileType: "TYPE-A"),
            ]
            for profile in profiles { try await store.insertProfile(profile) }
            // `accept` and `make` see the stored profile without its package.
            let byICCID = Dictionary(uniqueKeysWithValues: profiles.map { profile in
                var metadata = profile
                metadata.upp = []
                return (profile.iccid, metadata)
            })

            var allocated: [ICCID] = []
            for _ in 0..<3 {
                let order = try await store.insertOrder(forProfileType: "TYPE-A", owners: Fixtures.owners, accept: { profile in
                    #expect(profile == byICCID[profile.iccid])
                    return true
                }, make: { profile in
                    #expect(profile == byICCID[profile.iccid])
                    return try Self.makeOrder(profile)
                })
                let stored = try #require(order)
                #expect(try await store.order(matchingId: stored.matchingId) == stored)
                #expect(try await store.activeOrder(iccid: stored.iccid) == stored)
                allocated.append(stored.iccid)
            }
            #expect(allocated == [try Fixtures.iccid(10), try Fixtures.iccid(20), try Fixtures.iccid(30)])
            let none = try await store.insertOrder(
                forProfileType: "TYPE-A", owners: Fixtures.owners, accept: Self.always) { profile in
                Issue.record("make ran with no profile left")
                return try Self.makeOrder(profile)
            }
            #expect(none == nil)
            #expect(try await store.activeOrder(iccid: try Fixtures.iccid(5)) == nil)
            #expect(try await store.inventory().map(\.state) == [.available, .released, .released, .released])
        }
    }

    @Test("insertOrder(forProfileType:) skips profiles with an active order; a cancelled order frees its profile",
          arguments: StoreKind.available)
    func allocationSkipsOrderedProfiles(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let low = try Fixtures.iccid(1), mid = try Fixtures.iccid(2), high = try Fixtures.iccid(3)
            for iccid in [low, mid, high] { try await store.insertProfile(try Fixtures.profile(iccid)) }
            try await store.insertOrder(Fixtures.order("LOCAL-1", for: low))
            try await store.insertOrder(Fixtures.order("LOCAL-2", for: mid, state: .error, expiresAt: nil))

            let first = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always, make: Self.makeOrder)
            #expect(first?.iccid == high)
            try await Self.cancel(mid, in: store)
            let second = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always, make: Self.makeOrder)
            #expect(second?.iccid == mid)
            #expect(try await store.activeOrder(iccid: mid) == second)
            #expect(try await store.order(matchingId: "LOCAL-2")?.state == .cancelled)
            #expect(try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always, make: Self.makeOrder) == nil)
        }
    }

    @Test("insertOrder(forProfileType:) skips the profiles `accept` rejects, past many of them", arguments: StoreKind.available)
    func allocationHonoursAccept(kind: StoreKind) async throws {
        try await kind.withStore { store in
            // More than a page of rejected profiles before the one accepted.
            for n in 1...150 { try await store.insertProfile(try Fixtures.profile(try Fixtures.iccid(n))) }
            let target = try Fixtures.iccid(140), bar = try Fixtures.iccid(100).paddedDigits
            let wanted: @Sendable (ProfileRecord) -> Bool = { $0.iccid == target }
            let taken = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: wanted, make: Self.makeOrder)
            #expect(taken?.iccid == (try Fixtures.iccid(140)))
            // All rejected (the only accepted one is taken): nil, nothing saved.
            let none = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: wanted) {
                profile in
                Issue.record("make ran for \(profile.iccid)")
                return try Self.makeOrder(profile)
            }
            #expect(none == nil)
            let rejectLow = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners,
                accept: { $0.iccid.paddedDigits > bar }, make: Self.makeOrder)
            #expect(rejectLow?.iccid == (try Fixtures.iccid(101)))
            #expect(try await store.inventory().filter { $0.order != nil }.count == 2)
        }
    }

    @Test("""
        insertOrder(forProfileType:) offers only the owners' profiles: never another owner's of the same type, however many \
        come first, nor one without an owner; the gids do not matter, however long
        """, arguments: StoreKind.available)
    func allocationByOwner(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let other = try OperatorID(mcc: "002", mnc: "02")
            for n in 1...150 { try await store.insertProfile(try Fixtures.profile(try Fixtures.iccid(n), owner: other)) }
            for n in 151...160 { try await store.insertProfile(try Fixtures.profile(try Fixtures.iccid(n), owner: nil)) }
            try await store.insertProfile(try Fixtures.profile(try Fixtures.iccid(170), owner: try Fixtures.owner()))
            try await store.insertProfile(try Fixtures.profile(try Fixtures.iccid(180)))
            // gids long enough that the owner's DER length takes two bytes ('30 81 LL'): still found.
            let longGids = try OperatorID(mcc: "001", mnc: "01", gid1: OctetString(Array(repeating: 0xAB, count: 130)))
            try await store.insertProfile(try Fixtures.profile(try Fixtures.iccid(190), owner: longGids))
            let onlyOwn: @Sendable (ProfileRecord) -> Bool = { profile in
                #expect(profile.owner?.mccMnc == Fixtures.defaultOwner.mccMnc, "offered \(profile.iccid)")
                return true
            }
            var allocated: [ICCID?] = []
            for _ in 1...4 {
                allocated.append(try await store.insertOrder(
                    forProfileType: Fixtures.profileType, owners: [Fixtures.defaultOwner],
                    accept: onlyOwn, make: Self.makeOrder)?.iccid)
            }
            #expect(allocated == [try Fixtures.iccid(170), try Fixtures.iccid(180), try Fixtures.iccid(190), nil])
            // The other owner's own order starts at its lowest ICCID; no owners, no profile.
            let theirs = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: [other], accept: Self.always, make: Self.makeOrder)
            #expect(theirs?.iccid == (try Fixtures.iccid(1)))
            #expect(try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: [], accept: Self.always, make: Self.makeOrder) == nil)
        }
    }

    @Test("""
        insertOrder(forProfileType:) over several owners takes the lowest ICCID of any of them, across pages, \
        and a duplicated owner counts once
        """, arguments: StoreKind.available)
    func allocationAcrossOwners(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let a = try OperatorID(mcc: "001", mnc: "01"), b = try OperatorID(mcc: "310", mnc: "410")
            // a holds every third ICCID, b the rest, each more than a page's worth.
            for n in 1...240 { try await store.insertProfile(try Fixtures.profile(try Fixtures.iccid(n), owner: n % 3 == 0 ? a : b)) }
            // Every profile of both owners' first pages rejected: the next pages are merged too.
            let bar = try Fixtures.iccid(150).paddedDigits
            let past = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: [a, b],
                accept: { $0.iccid.paddedDigits > bar }, make: Self.makeOrder)
            #expect(past?.iccid == (try Fixtures.iccid(151)))
            var allocated: [ICCID] = []
            for _ in 0..<239 {
                let order = try await store.insertOrder(
                    forProfileType: Fixtures.profileType, owners: [b, a, b], accept: Self.always, make: Self.makeOrder)
                allocated.append(try #require(order).iccid)
            }
            #expect(allocated == (try (1...240).filter { $0 != 151 }.map(Fixtures.iccid)))
            #expect(try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: [a, b], accept: Self.always, make: Self.makeOrder) == nil)
        }
    }

    @Test("insertOrder(forProfileType:) returns nil for an unknown type or an empty store, without calling make",
          arguments: StoreKind.available)
    func allocationOfUnknownType(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let failIfCalled: @Sendable (ProfileRecord) throws -> OrderRecord = { profile in
                Issue.record("make ran for \(profile.iccid)")
                return try Self.makeOrder(profile)
            }
            #expect(try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always, make: failIfCalled) == nil)
            try await store.insertProfile(try Fixtures.profile(try Fixtures.iccid(1)))
            #expect(try await store.insertOrder(
                forProfileType: "NO-SUCH-TYPE", owners: Fixtures.owners, accept: Self.always, make: failIfCalled) == nil)
            #expect(try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: { _ in false }, make: failIfCalled) == nil)
            #expect(try await store.inventory().map(\.state) == [.available])
        }
    }

    @Test("insertOrder(forProfileType:) rethrows make's error unchanged and saves nothing; a bad order is refused",
          arguments: StoreKind.available)
    func allocationFailures(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let first = try Fixtures.iccid(1), second = try Fixtures.iccid(2)
            try await store.insertProfile(try Fixtures.profile(first))
            try await store.insertProfile(try Fixtures.profile(second))
            await #expect(throws: RefusedByCaller(why: "no EID")) {
                try await store.insertOrder(
                    forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always) { _ in
                    throw RefusedByCaller(why: "no EID")
                }
            }
            // A StoreError thrown by `make` is not confused with the store's own.
            await #expect(throws: StoreError.storage("thrown by the caller")) {
                try await store.insertOrder(
                    forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always) { _ in
                    throw StoreError.storage("thrown by the caller")
                }
            }
            // An order for another profile than the one offered.
            await #expect(throws: StoreError.conflict("the order names another profile")) {
                try await store.insertOrder(
                    forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always) { _ in
                    Fixtures.order("WRONG", for: second)
                }
            }
            // A taken matchingId (here, a cancelled order's).
            try await store.insertOrder(Fixtures.order("TAKEN", for: second))
            try await Self.cancel(second, in: store)
            await #expect(throws: StoreError.duplicate("matchingId TAKEN")) {
                try await store.insertOrder(
                    forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always) { profile in
                    Fixtures.order("TAKEN", for: profile.iccid)
                }
            }
            #expect(try await store.order(matchingId: "WRONG") == nil)
            #expect(try await store.activeOrder(iccid: first) == nil)
            #expect(try await store.activeOrder(iccid: second) == nil)
            #expect(try await store.inventory().map(\.state) == [.available, .available])
            // Nothing was left half done: the next allocation still gets the lowest profile.
            let next = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always, make: Self.makeOrder)
            #expect(next?.iccid == first)
        }
    }

    // MARK: updateOrder

    @Test("updateOrder edits the active order, returns the change's result and sets updatedAt", arguments: StoreKind.available)
    func updateOrderEdits(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(1)
            try await store.insertProfile(try Fixtures.profile(iccid))
            let order = Fixtures.order("M-1", for: iccid, state: .allocated, expiresAt: Fixtures.date(100))
            try await store.insertOrder(order)
            let eid = try Fixtures.eid(7)
            let result = try await store.updateOrder(iccid: iccid, now: Fixtures.date(30)) { order in
                order.state = .linked
                order.eid = eid
                order.smdsAddress = nil
                order.expiresAt = Fixtures.date(200)
                return order.matchingId
            }
            #expect(result == "M-1")
            var expected = order
            expected.state = .linked
            expected.eid = eid
            expected.smdsAddress = nil
            expected.expiresAt = Fixtures.date(200)
            expected.updatedAt = Fixtures.date(30)
            #expect(try await store.order(matchingId: "M-1") == expected)
            #expect(try await store.activeOrder(iccid: iccid) == expected)
        }
    }

    @Test("updateOrder without a change saves nothing, updatedAt included", arguments: StoreKind.available)
    func updateOrderNoChange(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(1)
            try await store.insertProfile(try Fixtures.profile(iccid))
            let order = Fixtures.order("M-1", for: iccid, state: .confirmed, expiresAt: nil)
            try await store.insertOrder(order)
            let seen = try await store.updateOrder(iccid: iccid, now: Fixtures.date(40)) { order in
                order.state = .confirmed
                order.matchingId = "M-1"
                return order
            }
            #expect(seen == order)
            #expect(try await store.order(matchingId: "M-1") == order)
            // Changing the updatedAt alone is a change, but it becomes `now`.
            try await store.updateOrder(iccid: iccid, now: Fixtures.date(41)) { $0.updatedAt = Fixtures.date(-5) }
            #expect(try await store.order(matchingId: "M-1")?.updatedAt == Fixtures.date(41))
        }
    }

    @Test("updateOrder is notFound when the profile has no active order, and never runs the change",
          arguments: StoreKind.available)
    func updateOrderNotFound(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let free = try Fixtures.iccid(1), unknown = try Fixtures.iccid(2)
            try await store.insertProfile(try Fixtures.profile(free))
            for iccid in [free, unknown] {
                await #expect(throws: StoreError.notFound("order for \(iccid)")) {
                    try await store.updateOrder(iccid: iccid, now: Fixtures.t0) { _ in
                        Issue.record("the change ran without an order")
                    }
                }
            }
        }
    }

    @Test("updateOrder renames the matchingId; a taken one is a duplicate and nothing is saved", arguments: StoreKind.available)
    func updateOrderRename(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(1), other = try Fixtures.iccid(2), old = try Fixtures.iccid(3)
            for profile in [iccid, other, old] { try await store.insertProfile(try Fixtures.profile(profile)) }
            let order = Fixtures.order("RANDOM-1", for: iccid, state: .linked, expiresAt: Fixtures.date(100))
            try await store.insertOrder(order)
            try await store.insertOrder(Fixtures.order("ACTIVE-ELSEWHERE", for: other))
            try await store.insertOrder(Fixtures.order("CANCELLED-ELSEWHERE", for: old))
            try await Self.cancel(old, in: store)

            for taken in ["ACTIVE-ELSEWHERE", "CANCELLED-ELSEWHERE"] {
                await #expect(throws: StoreError.duplicate("matchingId \(taken)")) {
                    try await store.updateOrder(iccid: iccid, now: Fixtures.date(50)) { order in
                        order.matchingId = taken
                        order.state = .confirmed
                    }
                }
            }
            #expect(try await store.order(matchingId: "RANDOM-1") == order)
            #expect(try await store.activeOrder(iccid: iccid) == order)
            #expect(try await store.order(matchingId: "ACTIVE-ELSEWHERE")?.iccid == other)
            #expect(try await store.order(matchingId: "CANCELLED-ELSEWHERE")?.iccid == old)

            try await store.updateOrder(iccid: iccid, now: Fixtures.date(60)) { order in
                order.matchingId = "OPERATOR-CHOSEN"
                order.state = .confirmed
            }
            var renamed = order
            renamed.matchingId = "OPERATOR-CHOSEN"
            renamed.state = .confirmed
            renamed.updatedAt = Fixtures.date(60)
            #expect(try await store.order(matchingId: "OPERATOR-CHOSEN") == renamed)
            #expect(try await store.order(matchingId: "RANDOM-1") == nil)
            #expect(try await store.activeOrder(iccid: iccid) == renamed)
            #expect(try await store.inventory()[0].order == renamed)
            await #expect(throws: StoreError.duplicate("matchingId OPERATOR-CHOSEN")) {
                try await store.insertOrder(Fixtures.order("OPERATOR-CHOSEN", for: old))
            }
        }
    }

    @Test("updateOrder: a throwing change saves nothing and its error comes out unchanged; the ICCID cannot change",
          arguments: StoreKind.available)
    func updateOrderRefusals(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(1), other = try Fixtures.iccid(2)
            try await store.insertProfile(try Fixtures.profile(iccid))
            try await store.insertProfile(try Fixtures.profile(other))
            let order = Fixtures.order("M-1", for: iccid, state: .released, expiresAt: Fixtures.date(100))
            try await store.insertOrder(order)

            await #expect(throws: RefusedByCaller(why: "wrong EID")) {
                try await store.updateOrder(iccid: iccid, now: Fixtures.date(70)) { order in
                    order.state = .cancelled
                    order.matchingId = "M-2"
                    throw RefusedByCaller(why: "wrong EID")
                }
            }
            await #expect(throws: StoreError.notFound("thrown by the caller")) {
                try await store.updateOrder(iccid: iccid, now: Fixtures.date(71)) { order in
                    order.state = .error
                    throw StoreError.notFound("thrown by the caller")
                }
            }
            await #expect(throws: StoreError.conflict("an order's ICCID cannot change")) {
                try await store.updateOrder(iccid: iccid, now: Fixtures.date(72)) { order in
                    order.iccid = other
                    order.state = .linked
                }
            }
            #expect(try await store.order(matchingId: "M-1") == order)
            #expect(try await store.order(matchingId: "M-2") == nil)
            #expect(try await store.activeOrder(iccid: other) == nil)
            #expect(try await store.inventory().map(\.order) == [order, nil])
        }
    }

    // MARK: updateSession and the order history

    @Test("updateSession cannot revive a cancelled order while the profile has another active order",
          arguments: StoreKind.available)
    func updateSessionCannotReviveCancelledOrder(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(1)
            try await store.insertProfile(try Fixtures.profile(iccid))
            try await store.insertOrder(Fixtures.order("OLD", for: iccid))
            try await Self.cancel(iccid, in: store)
            let cancelled = try #require(try await store.order(matchingId: "OLD"))
            let active = Fixtures.order("NEW", for: iccid)
            try await store.insertOrder(active)
            let session = Fixtures.session(try Fixtures.transactionId(1), matchingId: "OLD")
            try await store.insertSession(session)

            await #expect(throws: StoreError.conflict("profile \(iccid) already has an order")) {
                try await store.updateSession(transactionId: session.transactionId, matchingId: nil,
                                              now: Fixtures.date(20)) { session, order in
                    session.state = .bound
                    order?.state = .downloaded
                }
            }
            #expect(try await store.order(matchingId: "OLD") == cancelled)
            #expect(try await store.activeOrder(iccid: iccid) == active)
            #expect(try await store.session(transactionId: session.transactionId) == session)

            // Editing the cancelled order otherwise is allowed; so is reviving it once the profile is free.
            try await store.updateSession(transactionId: session.transactionId, matchingId: nil,
                                          now: Fixtures.date(21)) { _, order in order?.reason = "superseded" }
            #expect(try await store.order(matchingId: "OLD")?.reason == "superseded")
            try await Self.cancel(iccid, in: store, at: Fixtures.date(22))
            try await store.updateSession(transactionId: session.transactionId, matchingId: nil,
                                          now: Fixtures.date(23)) { _, order in order?.state = .released }
            #expect(try await store.activeOrder(iccid: iccid)?.matchingId == "OLD")
        }
    }

    @Test("updateSession cannot move the order to another profile", arguments: StoreKind.available)
    func updateSessionCannotChangeICCID(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, order) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            let free = try Fixtures.iccid(2), unknown = try Fixtures.iccid(3)
            try await store.insertProfile(try Fixtures.profile(free))
            for target in [free, unknown] {
                await #expect(throws: StoreError.conflict("an order's ICCID cannot change")) {
                    try await store.updateSession(transactionId: session.transactionId, matchingId: nil,
                                                  now: Fixtures.date(20)) { _, order in order?.iccid = target }
                }
            }
            #expect(try await store.order(matchingId: order.matchingId) == order)
            #expect(try await store.activeOrder(iccid: free) == nil)
            #expect(try await store.session(transactionId: session.transactionId) == session)
        }
    }

    // MARK: expiredOrders

    @Test("expiredOrders lists pending orders expired at the date, oldest expiry first, at most limit",
          arguments: StoreKind.available)
    func expiredOrders(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let cases: [(ProfileLifecycleState, Double?)] = [
                (.released, 100), (.allocated, 50), (.linked, 150), (.confirmed, 200), // pending, expired (200 = at the date)
                (.released, 201), (.allocated, nil), // pending, not expired
                (.downloaded, 10), (.installed, 10), (.error, 10), (.unavailable, 10), (.cancelled, 10), // not pending
            ]
            var orders: [OrderRecord] = []
            for (index, (state, expiry)) in cases.enumerated() {
                let iccid = try Fixtures.iccid(index + 1)
                try await store.insertProfile(try Fixtures.profile(iccid))
                let order = Fixtures.order("EXP-\(index)", for: iccid, state: state, expiresAt: expiry.map(Fixtures.date))
                try await store.insertOrder(order)
                orders.append(order)
            }
            let at = Fixtures.date(200)
            #expect(try await store.expiredOrders(at: at, limit: 100) == [orders[1], orders[0], orders[2], orders[3]])
            #expect(try await store.expiredOrders(at: at, limit: 2) == [orders[1], orders[0]])
            #expect(try await store.expiredOrders(at: at, limit: 0).isEmpty)
            #expect(try await store.expiredOrders(at: Fixtures.date(49), limit: 100).isEmpty)
            #expect(try await store.expiredOrders(at: Fixtures.date(1_000), limit: 100).map(\.matchingId)
                == ["EXP-1", "EXP-0", "EXP-2", "EXP-3", "EXP-4"])
            // Once it leaves the pending states, an order is no longer listed.
            try await store.updateOrder(iccid: orders[1].iccid, now: at) { $0.state = .cancelled }
            try await store.updateOrder(iccid: orders[0].iccid, now: at) { $0.state = .downloaded }
            #expect(try await store.expiredOrders(at: at, limit: 100).map(\.matchingId) == ["EXP-2", "EXP-3"])
        }
    }

    // MARK: oldestReleasedOrder

    @Test("oldestReleasedOrder finds the eUICC's oldest released, unexpired order; other EIDs, states and expired ones never",
          arguments: StoreKind.available)
    func oldestReleasedOrder(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let eid = try Fixtures.eid(1)
            let other = try Fixtures.eid(2)
            let at = Fixtures.date(200)
            // (matchingId, EID, state, created, expiry)
            let cases: [(String, EID?, ProfileLifecycleState, Double, Double?)] = [
                ("OTHER-EID", other, .released, 10, nil),
                ("NO-EID", nil, .released, 10, nil),
                ("CONFIRMED", eid, .confirmed, 10, nil),
                ("DOWNLOADED", eid, .downloaded, 10, nil),
                ("EXPIRED", eid, .released, 20, 200),  // expired at the date itself
                ("NEWER", eid, .released, 40, nil),
                ("OLDEST", eid, .released, 30, 201),
            ]
            var orders: [String: OrderRecord] = [:]
            for (index, (matchingId, owner, state, created, expiry)) in cases.enumerated() {
                let iccid = try Fixtures.iccid(index + 1)
                try await store.insertProfile(try Fixtures.profile(iccid))
                var order = Fixtures.order(matchingId, for: iccid, state: state, expiresAt: expiry.map(Fixtures.date))
                order.eid = owner
                order.createdAt = Fixtures.date(created)
                order.updatedAt = order.createdAt
                try await store.insertOrder(order)
                orders[matchingId] = order
            }
            #expect(try await store.oldestReleasedOrder(eid: eid, at: at) == orders["OLDEST"])
            #expect(try await store.oldestReleasedOrder(eid: eid, at: Fixtures.date(19))?.matchingId == "EXPIRED")
            #expect(try await store.oldestReleasedOrder(eid: eid, at: Fixtures.date(201))?.matchingId == "NEWER")
            #expect(try await store.oldestReleasedOrder(eid: other, at: at)?.matchingId == "OTHER-EID")
            #expect(try await store.oldestReleasedOrder(eid: try Fixtures.eid(3), at: at) == nil)
            // Downloaded, it no longer waits for this eUICC.
            try await store.updateOrder(iccid: try #require(orders["OLDEST"]).iccid, now: at) { $0.state = .downloaded }
            #expect(try await store.oldestReleasedOrder(eid: eid, at: at)?.matchingId == "NEWER")
        }
    }

    // MARK: Operators

    @Test("operators read back by name and by certificate fingerprint, listed by name", arguments: StoreKind.available)
    func operatorRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store in
            #expect(try await store.operators().isEmpty)
            let zulu = Fixtures.operatorRecord("Zulu Mobile", fingerprint: 0x01)
            var alpha = Fixtures.operatorRecord("Alpha Telecom", fingerprint: 0x02, callbackURL: nil)
            alpha.poIds = []
            alpha.profileTypes = []
            let mid = Fixtures.operatorRecord("Mid \"quoted\", [bracketed]", fingerprint: 0x03)
            for record in [zulu, alpha, mid] { try await store.insertOperator(record) }
            #expect(try await store.operators() == [alpha, mid, zulu])
            #expect(try await store.operatorRecord(name: "Zulu Mobile") == zulu)
            #expect(try await store.operatorRecord(name: mid.name) == mid)
            #expect(try await store.operatorRecord(name: "zulu mobile") == nil)
            #expect(try await store.operatorRecord(certificateFingerprint: alpha.certificateFingerprint) == alpha)
            #expect(try await store.operatorRecord(certificateFingerprint: Array(repeating: 0x09, count: 32)) == nil)
            #expect(try await store.operatorRecord(certificateFingerprint: []) == nil)
        }
    }

    @Test("operators are unique by name and by certificate fingerprint", arguments: StoreKind.available)
    func operatorUniqueness(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let first = Fixtures.operatorRecord("Operator A", fingerprint: 0x01)
            try await store.insertOperator(first)
            await #expect(throws: StoreError.duplicate("operator Operator A")) {
                try await store.insertOperator(Fixtures.operatorRecord("Operator A", fingerprint: 0x02))
            }
            await #expect(throws: StoreError.duplicate("operator certificate of Operator B")) {
                try await store.insertOperator(Fixtures.operatorRecord("Operator B", fingerprint: 0x01))
            }
            #expect(try await store.operators() == [first])
            #expect(try await store.operatorRecord(certificateFingerprint: first.certificateFingerprint) == first)
        }
    }

    @Test("updateOperator replaces the operator of the same name; unknown is notFound, another's fingerprint a duplicate",
          arguments: StoreKind.available)
    func operatorUpdate(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let a = Fixtures.operatorRecord("Operator A", fingerprint: 0x01)
            let b = Fixtures.operatorRecord("Operator B", fingerprint: 0x02)
            try await store.insertOperator(a)
            try await store.insertOperator(b)

            await #expect(throws: StoreError.notFound("operator Operator C")) {
                try await store.updateOperator(Fixtures.operatorRecord("Operator C", fingerprint: 0x03))
            }
            var stealing = a
            stealing.certificateFingerprint = b.certificateFingerprint
            stealing.callbackURL = nil
            await #expect(throws: StoreError.duplicate("operator certificate of Operator A")) {
                try await store.updateOperator(stealing)
            }
            #expect(try await store.operators() == [a, b])

            // Same fingerprint, other fields changed.
            var edited = a
            edited.poIds = ["002-02"]
            edited.profileTypes = []
            edited.callbackURL = nil
            edited.createdAt = Fixtures.date(99)
            try await store.updateOperator(edited)
            #expect(try await store.operatorRecord(name: "Operator A") == edited)
            // A new certificate: the old fingerprint no longer finds it.
            var rotated = edited
            rotated.certificateFingerprint = Array(repeating: 0x0A, count: 32)
            try await store.updateOperator(rotated)
            #expect(try await store.operatorRecord(certificateFingerprint: rotated.certificateFingerprint) == rotated)
            #expect(try await store.operatorRecord(certificateFingerprint: a.certificateFingerprint) == nil)
            #expect(try await store.operators() == [rotated, b])
            // The released fingerprint can be registered again.
            let c = Fixtures.operatorRecord("Operator C", fingerprint: 0x01)
            try await store.insertOperator(c)
            #expect(try await store.operatorRecord(certificateFingerprint: a.certificateFingerprint) == c)
        }
    }

    // MARK: Function calls

    @Test("recordFunctionCall keeps the first outcome per (requester, function, callId)", arguments: StoreKind.available)
    func functionCallFirstWins(kind: StoreKind) async throws {
        try await kind.withStore { (store: any SMDPStore) async throws in
            #expect(try await store.functionCall(requester: "Operator A", function: "confirmOrder", callId: "1") == nil)
            let first = Fixtures.functionCall("Operator A", "confirmOrder", "1", outcome: 1)
            #expect(try await store.recordFunctionCall(first) == first)
            #expect(try await store.functionCall(requester: "Operator A", function: "confirmOrder", callId: "1") == first)

            let retry = Fixtures.functionCall("Operator A", "confirmOrder", "1", outcome: 2)
            #expect(try await store.recordFunctionCall(retry) == first)
            #expect(try await store.functionCall(requester: "Operator A", function: "confirmOrder", callId: "1") == first)

            // Identifiers are scoped per requester and per function; no two keys run together.
            let others = [
                Fixtures.functionCall("Operator B", "confirmOrder", "1", outcome: 3),
                Fixtures.functionCall("Operator A", "cancelOrder", "1", outcome: 4),
                Fixtures.functionCall("Operator A", "confirmOrder", "2", outcome: 5),
                Fixtures.functionCall("Operator AconfirmOrder", "", "1", outcome: 6),
                Fixtures.functionCall("Operator A", "confirmOrder1", "", outcome: 7),
                FunctionCallRecord(requester: "", function: "", callId: "", requestHash: [], outcome: [], createdAt: Fixtures.t0),
            ]
            for record in others { #expect(try await store.recordFunctionCall(record) == record) }
            for record in others {
                #expect(try await store.functionCall(requester: record.requester, function: record.function,
                                                     callId: record.callId) == record)
            }
            #expect(try await store.functionCall(requester: "Operator A", function: "confirmOrder", callId: "1") == first)
        }
    }

    // MARK: Retention

    @Test("deleteFunctionCalls removes records made before the date, at most limit; the later ones still answer a repeated call",
          arguments: StoreKind.available)
    func deleteFunctionCalls(kind: StoreKind) async throws {
        try await kind.withStore { store in
            // Fixtures.functionCall(…, outcome: n) is made at date(10 + n).
            for n in UInt8(1)...5 { _ = try await store.recordFunctionCall(Fixtures.functionCall("Operator A", "confirmOrder", "call-\(n)", outcome: n)) }
            #expect(try await store.deleteFunctionCalls(createdBefore: Fixtures.date(14), limit: 2) == 2)
            #expect(try await store.deleteFunctionCalls(createdBefore: Fixtures.date(14), limit: 2) == 1)
            #expect(try await store.deleteFunctionCalls(createdBefore: Fixtures.date(14), limit: 2) == 0)
            for n in 1...5 {
                let kept = try await store.functionCall(requester: "Operator A", function: "confirmOrder", callId: "call-\(n)")
                #expect((kept != nil) == (n >= 4), "call-\(n)")
            }
        }
    }

    @Test("deleteDeliveredCallbacks removes callbacks delivered before the date, at most limit; pending ones never",
          arguments: StoreKind.available)
    func deleteDeliveredCallbacks(kind: StoreKind) async throws {
        try await kind.withStore { store in
            var ids: [Int64] = []
            for n in 1...5 { ids.append(try await store.enqueueCallback(Fixtures.callback(n)).id) }
            try await store.markCallbackDelivered(id: ids[0], at: Fixtures.date(100))
            try await store.markCallbackDelivered(id: ids[1], at: Fixtures.date(101))
            try await store.markCallbackDelivered(id: ids[2], at: Fixtures.date(300))
            // ids[3] and ids[4] stay pending, whatever the date.
            #expect(try await store.deleteDeliveredCallbacks(deliveredBefore: Fixtures.date(200), limit: 1) == 1)
            #expect(try await store.deleteDeliveredCallbacks(deliveredBefore: Fixtures.date(200), limit: 2) == 1)
            #expect(try await store.deleteDeliveredCallbacks(deliveredBefore: Fixtures.date(200), limit: 2) == 0)
            #expect(try await store.deleteDeliveredCallbacks(deliveredBefore: Fixtures.date(10_000), limit: 2) == 1)
            #expect(try await store.pendingCallbacks(limit: 10).map(\.id) == [ids[3], ids[4]])
            // A new callback gets a new id, not one of the deleted ones.
            let next = try await store.enqueueCallback(Fixtures.callback(6))
            #expect(next.id > ids[4])
        }
    }

    // MARK: Callback outbox

    @Test("enqueueCallback assigns increasing ids; pendingCallbacks lists the undelivered ones by id, at most limit",
          arguments: StoreKind.available)
    func outbox(kind: StoreKind) async throws {
        try await kind.withStore { store in
            #expect(try await store.pendingCallbacks(limit: 10).isEmpty)
            var queued: [CallbackRecord] = []
            for n in 1...4 {
                var callback = Fixtures.callback(n)
                callback.id = 1_000 // ignored: the store assigns the id
                let stored = try await store.enqueueCallback(callback)
                #expect(stored.id > (queued.last?.id ?? 0))
                callback.id = stored.id
                #expect(stored == callback)
                queued.append(stored)
            }
            #expect(try await store.pendingCallbacks(limit: 10) == queued)
            #expect(try await store.pendingCallbacks(limit: 2) == Array(queued.prefix(2)))
            #expect(try await store.pendingCallbacks(limit: 0).isEmpty)

            try await store.markCallbackDelivered(id: queued[1].id, at: Fixtures.date(300))
            try await store.markCallbackDelivered(id: queued[3].id, at: Fixtures.date(301))
            #expect(try await store.pendingCallbacks(limit: 10) == [queued[0], queued[2]])

            try await store.rescheduleCallback(id: queued[0].id, attempts: 3, nextAttemptAt: Fixtures.date(400),
                                               lastError: "HTTP 503")
            var rescheduled = queued[0]
            rescheduled.attempts = 3
            rescheduled.nextAttemptAt = Fixtures.date(400)
            rescheduled.lastError = "HTTP 503"
            #expect(try await store.pendingCallbacks(limit: 10) == [rescheduled, queued[2]])
            try await store.rescheduleCallback(id: queued[0].id, attempts: 4, nextAttemptAt: Fixtures.date(500),
                                               lastError: "")
            rescheduled.attempts = 4
            rescheduled.nextAttemptAt = Fixtures.date(500)
            rescheduled.lastError = ""
            #expect(try await store.pendingCallbacks(limit: 1) == [rescheduled])

            // Ids keep increasing after deliveries.
            let later = try await store.enqueueCallback(Fixtures.callback(5, operatorName: "Operator B"))
            #expect(later.id > queued[3].id)
            #expect(try await store.pendingCallbacks(limit: 10) == [rescheduled, queued[2], later])
        }
    }

    @Test("markCallbackDelivered and rescheduleCallback are notFound for an unknown id", arguments: StoreKind.available)
    func outboxUnknownId(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let stored = try await store.enqueueCallback(Fixtures.callback(1))
            for id in [stored.id + 1, 0, -1] {
                await #expect(throws: StoreError.notFound("callback \(id)")) {
                    try await store.markCallbackDelivered(id: id, at: Fixtures.date(10))
                }
                await #expect(throws: StoreError.notFound("callback \(id)")) {
                    try await store.rescheduleCallback(id: id, attempts: 1, nextAttemptAt: Fixtures.date(10), lastError: "x")
                }
            }
            #expect(try await store.pendingCallbacks(limit: 10) == [stored])
        }
    }
}
