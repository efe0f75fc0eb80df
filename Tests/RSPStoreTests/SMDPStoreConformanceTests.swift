import Foundation
import RSPCore
import RSPStore
import Testing

/// The `SMDPStore` contract, run against every store: the SM-DP+ must not behave differently
/// on the embedded database than in the in-memory store its tests use.
@Suite("SMDPStore conformance")
struct SMDPStoreConformanceTests {
    // MARK: Inventory

    @Test("a profile reads back exactly as it was inserted", arguments: StoreKind.available)
    func profileRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let owned = try Fixtures.profile(try Fixtures.iccid(1), owner: try Fixtures.owner())
            let unowned = try Fixtures.profile(try Fixtures.shortICCID(2))
            try await store.insertProfile(owned)
            try await store.insertProfile(unowned)
            #expect(try await store.profile(iccid: owned.iccid) == owned)
            #expect(try await store.profile(iccid: unowned.iccid) == unowned)
            #expect(try await store.profile(iccid: try Fixtures.iccid(3)) == nil)
        }
    }

    @Test("an ICCID with non-decimal nibbles and an empty UPP read back unchanged", arguments: StoreKind.available)
    func unusualProfileRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store in
            var profile = try Fixtures.profile(try ICCID(bcd: [0x98, 0x4A, 0x00, 0xFF, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xF0]))
            profile.upp = []
            profile.profileClass = ProfileClass(rawValue: 7)
            try await store.insertProfile(profile)
            #expect(try await store.profile(iccid: profile.iccid) == profile)
        }
    }

    @Test("a second profile with the same ICCID is refused as a duplicate", arguments: StoreKind.available)
    func duplicateICCID(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let first = try Fixtures.profile(try Fixtures.iccid(1))
            try await store.insertProfile(first)
            var second = first
            second.profileName = "impostor"
            await #expect(throws: StoreError.duplicate("profile \(first.iccid)")) {
                try await store.insertProfile(second)
            }
            #expect(try await store.profile(iccid: first.iccid) == first)
        }
    }

    @Test("the inventory lists every profile in ICCID order with its order and state", arguments: StoreKind.available)
    func inventory(kind: StoreKind) async throws {
        try await kind.withStore { store in
            #expect(try await store.inventory().isEmpty)
            // Inserted out of order; the 19-digit ICCID sorts before its 20-digit extensions.
            let iccids = [try Fixtures.iccid(30), try Fixtures.shortICCID(1), try Fixtures.iccid(10), try Fixtures.iccid(20)]
            for iccid in iccids { try await store.insertProfile(try Fixtures.profile(iccid)) }
            let ordered = Fixtures.order("MATCHING-10", for: iccids[2])
            try await store.insertOrder(ordered)
            var failed = Fixtures.order("MATCHING-30", for: iccids[0])
            failed.state = .error
            failed.reason = "installation failed"
            try await store.insertOrder(failed)

            let items = try await store.inventory()
            #expect(items.map(\.profile.iccid.digits) == iccids.map(\.digits).sorted())
            #expect(items.map(\.state) == [.available, .released, .available, .error])
            #expect(items[1].order == ordered)
            #expect(items[3].order == failed)
            #expect(items[0].order == nil && items[2].order == nil)
        }
    }

    // MARK: Orders

    @Test("an order reads back exactly as it was inserted", arguments: StoreKind.available)
    func orderRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(1)
            try await store.insertProfile(try Fixtures.profile(iccid))
            var order = Fixtures.order("AC-TOKEN-1", for: iccid, eid: try Fixtures.eid(42))
            order.downloadedBy = try Fixtures.eid(43)
            order.reason = "first attempt failed"
            try await store.insertOrder(order)
            #expect(try await store.order(matchingId: "AC-TOKEN-1") == order)
            #expect(try await store.order(matchingId: "AC-TOKEN-2") == nil)

            let iccid2 = try Fixtures.iccid(2)
            try await store.insertProfile(try Fixtures.profile(iccid2))
            let bare = OrderRecord(matchingId: "AC-TOKEN-2", iccid: iccid2, eid: nil, confirmationCodeHash: nil,
                                   confirmationCodeAttemptsLeft: 0, state: .released, createdAt: Fixtures.t0,
                                   updatedAt: Fixtures.t0)
            try await store.insertOrder(bare)
            #expect(try await store.order(matchingId: "AC-TOKEN-2") == bare)
        }
    }

    @Test("an order for an unknown ICCID is refused as notFound", arguments: StoreKind.available)
    func orderForUnknownProfile(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(9)
            await #expect(throws: StoreError.notFound("profile \(iccid)")) {
                try await store.insertOrder(Fixtures.order("M-1", for: iccid))
            }
            #expect(try await store.order(matchingId: "M-1") == nil)
        }
    }

    @Test("a second order on the same profile is refused as a conflict", arguments: StoreKind.available)
    func secondOrderOnProfile(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(1)
            try await store.insertProfile(try Fixtures.profile(iccid))
            try await store.insertOrder(Fixtures.order("M-1", for: iccid))
            await #expect(throws: StoreError.conflict("profile \(iccid) already has an order")) {
                try await store.insertOrder(Fixtures.order("M-2", for: iccid))
            }
            #expect(try await store.order(matchingId: "M-2") == nil)
            #expect(try await store.inventory().map(\.order?.matchingId) == ["M-1"])
        }
    }

    @Test("an order reusing a matchingId is refused as a duplicate", arguments: StoreKind.available)
    func duplicateMatchingId(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let first = try Fixtures.iccid(1), second = try Fixtures.iccid(2)
            try await store.insertProfile(try Fixtures.profile(first))
            try await store.insertProfile(try Fixtures.profile(second))
            let original = Fixtures.order("M-1", for: first)
            try await store.insertOrder(original)
            await #expect(throws: StoreError.duplicate("matchingId M-1")) {
                try await store.insertOrder(Fixtures.order("M-1", for: second))
            }
            #expect(try await store.order(matchingId: "M-1") == original)
            #expect(try await store.inventory().map(\.state) == [.released, .available])
        }
    }

    // MARK: Sessions

    @Test("sessions read back exactly as inserted, and a reused TransactionID is a duplicate", arguments: StoreKind.available)
    func sessionRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let initiated = Fixtures.session(try Fixtures.transactionId(1), matchingId: nil)
            let authenticated = Fixtures.authenticatedSession(try Fixtures.transactionId(2), matchingId: "M-1",
                                                              eid: try Fixtures.eid(7))
            var empty = Fixtures.session(try TransactionID(bytes: [0x01]), matchingId: "")
            empty.euiccSVN = []
            empty.euiccOtpk = []
            try await store.insertSession(initiated)
            try await store.insertSession(authenticated)
            try await store.insertSession(empty)
            #expect(try await store.session(transactionId: initiated.transactionId) == initiated)
            #expect(try await store.session(transactionId: authenticated.transactionId) == authenticated)
            #expect(try await store.session(transactionId: empty.transactionId) == empty)
            #expect(try await store.session(transactionId: try Fixtures.transactionId(3)) == nil)

            var again = initiated
            again.state = .failed
            await #expect(throws: StoreError.duplicate("session \(initiated.transactionId)")) {
                try await store.insertSession(again)
            }
            #expect(try await store.session(transactionId: initiated.transactionId) == initiated)
        }
    }

    @Test("updateSession edits the session and its order together and returns the change's result",
          arguments: StoreKind.available)
    func updateSessionAndOrder(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, order) = try await Self.sessionWithOrder(in: store)
            let eid = try Fixtures.eid(99)
            let now = Fixtures.date(50)
            let result = try await store.updateSession(transactionId: session.transactionId, matchingId: nil, now: now) {
                session, order in
                session.state = .bound
                session.eid = eid
                order?.state = .downloaded
                order?.downloadedBy = eid
                order?.confirmationCodeAttemptsLeft -= 1
                return "bound"
            }
            #expect(result == "bound")

            var expectedSession = session
            expectedSession.state = .bound
            expectedSession.eid = eid
            var expectedOrder = order
            expectedOrder.state = .downloaded
            expectedOrder.downloadedBy = eid
            expectedOrder.confirmationCodeAttemptsLeft = order.confirmationCodeAttemptsLeft - 1
            expectedOrder.updatedAt = now
            #expect(try await store.session(transactionId: session.transactionId) == expectedSession)
            #expect(try await store.order(matchingId: order.matchingId) == expectedOrder)
            #expect(try await store.inventory().map(\.state) == [.downloaded])
        }
    }

    @Test("updateSession leaves an order it did not edit untouched, updatedAt included", arguments: StoreKind.available)
    func updateSessionOnly(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, order) = try await Self.sessionWithOrder(in: store)
            try await store.updateSession(transactionId: session.transactionId, matchingId: nil, now: Fixtures.date(70)) {
                session, order in
                #expect(order != nil)
                session.state = .cancelled
            }
            #expect(try await store.order(matchingId: order.matchingId) == order)
            #expect(try await store.session(transactionId: session.transactionId)?.state == .cancelled)
        }
    }

    @Test("updateSession loads the order named by matchingId when the session has none yet", arguments: StoreKind.available)
    func updateSessionWithExplicitMatchingId(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(1)
            try await store.insertProfile(try Fixtures.profile(iccid))
            try await store.insertOrder(Fixtures.order("M-1", for: iccid))
            let session = Fixtures.session(try Fixtures.transactionId(1), matchingId: nil)
            try await store.insertSession(session)
            let seen = try await store.updateSession(transactionId: session.transactionId, matchingId: "M-1",
                                                     now: Fixtures.date(60)) { session, order in
                session.matchingId = order?.matchingId
                session.state = .authenticated
                return order?.iccid
            }
            #expect(seen == iccid)
            #expect(try await store.session(transactionId: session.transactionId)?.matchingId == "M-1")
        }
    }

    @Test("a throwing change leaves both session and order unchanged and its error comes out unchanged",
          arguments: StoreKind.available)
    func throwingChangeRollsBack(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, order) = try await Self.sessionWithOrder(in: store)
            await #expect(throws: RefusedByCaller(why: "wrong confirmation code")) {
                try await store.updateSession(transactionId: session.transactionId, matchingId: nil,
                                              now: Fixtures.date(80)) { session, order in
                    session.state = .failed
                    order?.confirmationCodeAttemptsLeft = 0
                    order?.state = .error
                    throw RefusedByCaller(why: "wrong confirmation code")
                }
            }
            // A StoreError thrown by the caller is not confused with the store's own.
            await #expect(throws: StoreError.storage("thrown by the caller")) {
                try await store.updateSession(transactionId: session.transactionId, matchingId: nil,
                                              now: Fixtures.date(81)) { session, _ in
                    session.state = .failed
                    throw StoreError.storage("thrown by the caller")
                }
            }
            #expect(try await store.session(transactionId: session.transactionId) == session)
            #expect(try await store.order(matchingId: order.matchingId) == order)
        }
    }

    @Test("an order cannot be created inside updateSession", arguments: StoreKind.available)
    func orderCannotBeCreatedInUpdate(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try Fixtures.iccid(1)
            try await store.insertProfile(try Fixtures.profile(iccid))
            let session = Fixtures.session(try Fixtures.transactionId(1), matchingId: "NEW")
            try await store.insertSession(session)
            let smuggled = Fixtures.order("NEW", for: iccid)
            await #expect(throws: StoreError.conflict("an order cannot be created inside a session update")) {
                try await store.updateSession(transactionId: session.transactionId, matchingId: nil,
                                              now: Fixtures.date(90)) { session, order in
                    session.state = .authenticated
                    order = smuggled
                }
            }
            #expect(try await store.order(matchingId: "NEW") == nil)
            #expect(try await store.session(transactionId: session.transactionId) == session)
        }
    }

    @Test("an order cannot be removed or swapped inside updateSession", arguments: StoreKind.available)
    func orderCannotBeRemovedInUpdate(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, order) = try await Self.sessionWithOrder(in: store)
            let conflict = StoreError.conflict("an order cannot be removed or replaced inside a session update")
            await #expect(throws: conflict) {
                try await store.updateSession(transactionId: session.transactionId, matchingId: nil,
                                              now: Fixtures.date(90)) { session, order in
                    session.state = .completed
                    order = nil
                }
            }
            await #expect(throws: conflict) {
                try await store.updateSession(transactionId: session.transactionId, matchingId: nil,
                                              now: Fixtures.date(91)) { _, order in
                    order?.matchingId = "OTHER"
                }
            }
            #expect(try await store.order(matchingId: order.matchingId) == order)
            #expect(try await store.order(matchingId: "OTHER") == nil)
            #expect(try await store.session(transactionId: session.transactionId) == session)
        }
    }

    @Test("updateSession on an unknown TransactionID is notFound and never runs the change", arguments: StoreKind.available)
    func updateUnknownSession(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let unknown = try Fixtures.transactionId(200)
            await #expect(throws: StoreError.notFound("session \(unknown)")) {
                try await store.updateSession(transactionId: unknown, matchingId: nil, now: Fixtures.t0) { _, _ in
                    Issue.record("the change ran for a session that does not exist")
                }
            }
        }
    }

    /// A session that delivered its BPP (it holds the eUICC's one-time key).
    static func delivered(_ n: UInt8, expiresAt: Date, state: SessionState) throws -> SessionRecord {
        var session = Fixtures.session(try Fixtures.transactionId(n), matchingId: nil, expiresAt: expiresAt, state: state)
        session.euiccOtpk = [0x04] + Array(repeating: 0x77, count: 64)
        return session
    }

    @Test("a purge removes the sessions that expired in its range without a BPP, and every one expired before the retention cutoff",
          arguments: StoreKind.available)
    func expiryPurge(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let range = Fixtures.date(500)..<Fixtures.date(1_000)
            let retainedFrom = Fixtures.date(100)
            let expired = Fixtures.session(try Fixtures.transactionId(1), matchingId: nil, expiresAt: Fixtures.date(999))
            let expiredAuthenticated = Fixtures.session(try Fixtures.transactionId(2), matchingId: nil,
                                                        expiresAt: Fixtures.date(500), state: .authenticated)
            // Delivered: kept past their lifetime for the installation result, until the cutoff.
            let bound = try Self.delivered(3, expiresAt: Fixtures.date(600), state: .bound)
            let completed = try Self.delivered(4, expiresAt: Fixtures.date(100), state: .completed)
            let oldCompleted = try Self.delivered(5, expiresAt: Fixtures.date(99), state: .completed)
            let oldFailed = try Self.delivered(6, expiresAt: Fixtures.date(10), state: .failed)
            // Before the range: a previous pass's; not read again (the cutoff still applies).
            let beforeRange = Fixtures.session(try Fixtures.transactionId(7), matchingId: nil, expiresAt: Fixtures.date(499))
            let atEnd = Fixtures.session(try Fixtures.transactionId(8), matchingId: nil, expiresAt: range.upperBound)
            let live = Fixtures.session(try Fixtures.transactionId(9), matchingId: nil, expiresAt: Fixtures.date(2_000))
            let all = [expired, expiredAuthenticated, bound, completed, oldCompleted, oldFailed, beforeRange, atEnd, live]
            for session in all { try await store.insertSession(session) }

            // At most `limit` a call: 3, then the last one, then none.
            #expect(try await store.deleteExpiredSessions(expired: range, deliveredBefore: retainedFrom, limit: 3) == 3)
            #expect(try await store.deleteExpiredSessions(expired: range, deliveredBefore: retainedFrom, limit: 3) == 1)
            let removed = [expired, expiredAuthenticated, oldCompleted, oldFailed]
            for session in all {
                let kept = try await store.session(transactionId: session.transactionId)
                #expect(kept == (removed.contains(session) ? nil : session), "session \(session.transactionId)")
            }
            #expect(try await store.deleteExpiredSessions(expired: range, deliveredBefore: retainedFrom, limit: 3) == 0)
        }
    }

    // MARK: Notifications

    @Test("notifications are listed by EID in arrival order, and all of them without an EID", arguments: StoreKind.available)
    func notificationsByEID(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let a = try Fixtures.eid(1), b = try Fixtures.eid(2)
            let iccid = try Fixtures.shortICCID(5)
            let received = [
                Fixtures.notification(eid: a, iccid: iccid, seq: 3, transactionId: try Fixtures.transactionId(1)),
                Fixtures.notification(eid: b, iccid: nil, seq: 1, transactionId: nil),
                Fixtures.notification(eid: nil, iccid: iccid, seq: 9, transactionId: nil),
                Fixtures.notification(eid: a, iccid: iccid, seq: 1, transactionId: nil),
            ]
            for notification in received { try await store.insertNotification(notification) }
            #expect(try await store.notifications(eid: a) == [received[0], received[3]])
            #expect(try await store.notifications(eid: b) == [received[1]])
            #expect(try await store.notifications(eid: try Fixtures.eid(3)).isEmpty)
            #expect(try await store.notifications(eid: nil) == received)
        }
    }

    @Test("a notification exists by its EID and seqNumber only, whatever its event or profile",
          arguments: StoreKind.available)
    func notificationExists(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let a = try Fixtures.eid(1), b = try Fixtures.eid(2)
            #expect(try await store.notificationExists(eid: a, seqNumber: 3) == false)
            var delete = Fixtures.notification(eid: a, iccid: try Fixtures.shortICCID(5), seq: 3, transactionId: nil)
            delete.event = "delete"
            try await store.insertNotification(delete)
            // Without an EID a notification belongs to no eUICC: it makes no seqNumber exist.
            try await store.insertNotification(Fixtures.notification(eid: nil, iccid: nil, seq: 7, transactionId: nil))

            #expect(try await store.notificationExists(eid: a, seqNumber: 3))
            #expect(try await store.notificationExists(eid: a, seqNumber: 4) == false)
            #expect(try await store.notificationExists(eid: b, seqNumber: 3) == false)
            #expect(try await store.notificationExists(eid: a, seqNumber: 7) == false)
            #expect(try await store.notificationExists(eid: b, seqNumber: 7) == false)
        }
    }

    /// A profile, its order and a session that names the order.
    static func sessionWithOrder(in store: any SMDPStore) async throws -> (SessionRecord, OrderRecord) {
        let iccid = try Fixtures.iccid(1)
        try await store.insertProfile(try Fixtures.profile(iccid))
        let order = Fixtures.order("M-1", for: iccid, attempts: 5)
        try await store.insertOrder(order)
        let session = Fixtures.authenticatedSession(try Fixtures.transactionId(1), matchingId: "M-1",
                                                    eid: try Fixtures.eid(5))
        try await store.insertSession(session)
        return (session, order)
    }
}
