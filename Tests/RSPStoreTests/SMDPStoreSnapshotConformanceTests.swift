import Foundation
import RSPCore
import RSPStore
import Testing

/// The one-read, one-write contract of an ES9+ step: `sessionSnapshot` returns what the separate
/// look-ups would (session, order, profile, operator callback URL), and `insertNotification(_:updatingSession:)`
/// records a notification and the session change together, or nothing.
@Suite("SMDPStore session snapshot and notification transaction conformance")
struct SMDPStoreSnapshotConformanceTests {
    @Test("a snapshot of an unknown session is nil", arguments: StoreKind.available)
    func unknownSession(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let unknown = try Fixtures.transactionId(9)
            #expect(try await store.sessionSnapshot(transactionId: unknown, matchingId: nil, withPackage: true) == nil)
            #expect(try await store.sessionSnapshot(transactionId: unknown, matchingId: "M-1", withPackage: false) == nil)
        }
    }

    @Test("a snapshot holds what the separate look-ups return: session, its order, the profile, the callback URL",
          arguments: StoreKind.available)
    func snapshotEqualsLookups(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, _) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            try await store.insertOperator(Fixtures.operatorRecord("Operator A", fingerprint: 1))
            let iccid = try Fixtures.iccid(2)
            try await store.insertProfile(try Fixtures.profile(iccid, owner: try Fixtures.owner()))
            var other = Fixtures.order("M-2", for: iccid, state: .released, expiresAt: Fixtures.date(900))
            other.eid = try Fixtures.eid(7)
            try await store.insertOrder(other)

            // The session's own order (a local one: no operator).
            let own = try #require(try await store.sessionSnapshot(transactionId: session.transactionId, matchingId: nil, withPackage: true))
            #expect(own.session == session)
            #expect(own.order == (try await store.order(matchingId: "M-1")))
            #expect(own.profile == (try await store.profile(iccid: try Fixtures.iccid(1))))
            #expect(own.operatorCallbackURL == nil)

            // An order named explicitly wins over the session's; its operator's callback URL comes with it.
            let named = try #require(try await store.sessionSnapshot(transactionId: session.transactionId, matchingId: "M-2", withPackage: true))
            #expect(named.session == session)
            #expect(named.order == other)
            #expect(named.profile == (try await store.profile(iccid: iccid)))
            #expect(named.operatorCallbackURL == "https://operator.example.test:8443/es2plus")

            // A matchingId naming no order: the session alone.
            let none = try #require(try await store.sessionSnapshot(transactionId: session.transactionId, matchingId: "NOPE", withPackage: true))
            #expect(none == SessionSnapshot(session: session, order: nil, profile: nil, operatorCallbackURL: nil))
        }
    }

    @Test("a session without a matchingId has no order in its snapshot", arguments: StoreKind.available)
    func sessionWithoutOrder(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let session = Fixtures.session(try Fixtures.transactionId(3), matchingId: nil)
            try await store.insertSession(session)
            let snapshot = try await store.sessionSnapshot(transactionId: session.transactionId, matchingId: nil, withPackage: true)
            #expect(snapshot == SessionSnapshot(session: session, order: nil, profile: nil, operatorCallbackURL: nil))
        }
    }

    @Test("an operator without a callback URL, or no longer registered, gives no URL", arguments: StoreKind.available)
    func operatorWithoutCallback(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await store.insertOperator(Fixtures.operatorRecord("Operator B", fingerprint: 2, callbackURL: nil))
            for (n, name) in [(1, "Operator B"), (2, "Operator Gone")] {
                let iccid = try Fixtures.iccid(n)
                try await store.insertProfile(try Fixtures.profile(iccid))
                var order = Fixtures.order("M-\(n)", for: iccid, state: .released, expiresAt: nil)
                order.operatorName = name
                try await store.insertOrder(order)
                let session = Fixtures.session(try Fixtures.transactionId(UInt8(n)), matchingId: "M-\(n)")
                try await store.insertSession(session)
                let snapshot = try #require(try await store.sessionSnapshot(
                    transactionId: session.transactionId, matchingId: nil, withPackage: false))
                #expect(snapshot.order == order)
                #expect(snapshot.operatorCallbackURL == nil)
            }
        }
    }

    /// A profile of a template, ordered as "T-4".
    static func templateOrder(in store: any SMDPStore) async throws -> (ProfileTemplateRecord, ICCID) {
        let template = try SMDPStoreTemplateConformanceTests.template()
        try await store.insertTemplate(template)
        let iccid = try Fixtures.iccid(4)
        try await store.insertProfiles(
            fromTemplate: template.id, iccids: [iccid], metadata: SMDPStoreTemplateConformanceTests.metadata,
            importedAt: Fixtures.date(1))
        try await store.insertOrder(Fixtures.order("T-4", for: iccid))
        return (template, iccid)
    }

    @Test("a template profile comes in the snapshot with the template's bytes", arguments: StoreKind.available)
    func templateProfile(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (template, iccid) = try await Self.templateOrder(in: store)
            let session = Fixtures.session(try Fixtures.transactionId(4), matchingId: nil)
            try await store.insertSession(session)
            let snapshot = try #require(try await store.sessionSnapshot(
                transactionId: session.transactionId, matchingId: "T-4", withPackage: true))
            #expect(snapshot.profile == (try await store.profile(iccid: iccid)))
            #expect(snapshot.profile?.upp == template.upp)
            #expect(snapshot.profile?.templateID == template.id)
        }
    }

    @Test("without the package a snapshot holds the same profile with an empty package, from a template or not",
          arguments: StoreKind.available)
    func snapshotWithoutPackage(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, _) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            _ = try await Self.templateOrder(in: store)
            for matchingId in [nil, "T-4"] {
                let full = try #require(try await store.sessionSnapshot(
                    transactionId: session.transactionId, matchingId: matchingId, withPackage: true))
                let lean = try #require(try await store.sessionSnapshot(
                    transactionId: session.transactionId, matchingId: matchingId, withPackage: false))
                #expect(full.profile?.upp.isEmpty == false)
                var expected = full
                expected.profile?.upp = []
                #expect(lean == expected)
            }
        }
    }

    // MARK: insertNotification(_:updatingSession:)

    @Test("the notification, the session and order change and the report are stored together",
          arguments: StoreKind.available)
    func notificationWithSessionChange(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, order) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            let eid = try #require(session.eid)
            let notification = Fixtures.notification(eid: eid, iccid: order.iccid, seq: 11, transactionId: session.transactionId)
            let now = Fixtures.date(70)
            let result = try await store.insertNotification(notification, updatingSession: session.transactionId, now: now) {
                session, order, outbox in
                session.state = .completed
                order?.state = .installed
                outbox.append(Fixtures.callback(1))
                return "installed"
            }
            #expect(result == "installed")
            var expectedSession = session
            expectedSession.state = .completed
            var expectedOrder = order
            expectedOrder.state = .installed
            expectedOrder.updatedAt = now
            #expect(try await store.session(transactionId: session.transactionId) == expectedSession)
            #expect(try await store.order(matchingId: order.matchingId) == expectedOrder)
            #expect(try await store.notifications(eid: eid) == [notification])
            #expect(try await store.pendingCallbacks(limit: 10).map(\.url) == [Fixtures.callback(1).url])
        }
    }

    @Test("a notification already recorded changes nothing and the change does not run", arguments: StoreKind.available)
    func repeatedNotification(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, order) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            let eid = try #require(session.eid)
            // Recorded before, with another event: the eUICC numbers all its notifications in one sequence.
            var earlier = Fixtures.notification(eid: eid, iccid: nil, seq: 11, transactionId: nil)
            earlier.event = "enable"
            try await store.insertNotification(earlier)
            let repeated = Fixtures.notification(eid: eid, iccid: order.iccid, seq: 11, transactionId: session.transactionId)
            let result = try await store.insertNotification(repeated, updatingSession: session.transactionId, now: Fixtures.date(70)) {
                session, order, outbox -> String in
                session.state = .completed
                order?.state = .installed
                outbox.append(Fixtures.callback(1))
                return "ran"
            }
            #expect(result == nil)
            #expect(try await store.session(transactionId: session.transactionId) == session)
            #expect(try await store.order(matchingId: order.matchingId) == order)
            #expect(try await store.notifications(eid: eid) == [earlier])
            #expect(try await store.pendingCallbacks(limit: 10).isEmpty)
        }
    }

    @Test("a throwing change records no notification and its error comes out unchanged", arguments: StoreKind.available)
    func throwingChangeRecordsNothing(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, order) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            let eid = try #require(session.eid)
            let notification = Fixtures.notification(eid: eid, iccid: order.iccid, seq: 12, transactionId: session.transactionId)
            await #expect(throws: RefusedByCaller(why: "no")) {
                try await store.insertNotification(notification, updatingSession: session.transactionId, now: Fixtures.date(70)) {
                    session, order, outbox in
                    session.state = .completed
                    order?.state = .installed
                    outbox.append(Fixtures.callback(1))
                    throw RefusedByCaller(why: "no")
                }
            }
            #expect(try await store.session(transactionId: session.transactionId) == session)
            #expect(try await store.order(matchingId: order.matchingId) == order)
            #expect(try await store.notificationExists(eid: eid, seqNumber: 12) == false)
            #expect(try await store.pendingCallbacks(limit: 10).isEmpty)
        }
    }

    @Test("a notification for an unknown session is notFound and is not recorded", arguments: StoreKind.available)
    func unknownSessionNotification(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let eid = try Fixtures.eid(3)
            let transactionId = try Fixtures.transactionId(8)
            let notification = Fixtures.notification(eid: eid, iccid: nil, seq: 1, transactionId: transactionId)
            await #expect(throws: StoreError.notFound("session \(transactionId)")) {
                try await store.insertNotification(notification, updatingSession: transactionId, now: Fixtures.date(70)) {
                    _, _, _ in Issue.record("the change ran without a session")
                }
            }
            #expect(try await store.notifications(eid: eid).isEmpty)
        }
    }

    @Test("a change that leaves the session as it was still records the notification", arguments: StoreKind.available)
    func unchangedSessionRecordsNotification(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let (session, order) = try await SMDPStoreConformanceTests.sessionWithOrder(in: store)
            let eid = try #require(session.eid)
            let notification = Fixtures.notification(eid: eid, iccid: order.iccid, seq: 13, transactionId: session.transactionId)
            let result = try await store.insertNotification(notification, updatingSession: session.transactionId, now: Fixtures.date(70)) {
                _, _, _ in 5
            }
            #expect(result == 5)
            #expect(try await store.session(transactionId: session.transactionId) == session)
            #expect(try await store.order(matchingId: order.matchingId) == order)
            #expect(try await store.notifications(eid: eid) == [notification])
        }
    }
}
