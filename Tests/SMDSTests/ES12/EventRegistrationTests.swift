import RSPTestSupport
import Foundation
import RSPCore
import RSPStore
import SMDS
import Testing

/// ES12.RegisterEvent / DeleteEvent (SGP.22 §5.9) and their effect on ES11 event retrieval.
@Suite("SM-DS event registration (ES12)")
struct EventRegistrationTests {
    @Test("a registered event is returned to its eUICC only, with the SM-DP+ address")
    func registerThenDiscover() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        let other = try EID.random(prefix: "89049032")
        try await env.register("EVT-1", eid: euicc.eid)
        try await env.register("EVT-2", eid: other)
        env.clock.advance(by: 1)
        try await env.register("EVT-3", eid: euicc.eid, address: "other-smdp.openrsp.test")
        let result = try await env.retrieveEvents(&euicc)
        #expect(result.eventEntries == [
            EventEntries(eventId: "EVT-1", rspServerAddress: SMDSTestEnvironment.smdpAddress),
            EventEntries(eventId: "EVT-3", rspServerAddress: "other-smdp.openrsp.test"),
        ])
    }

    @Test("an eUICC without events authenticates and gets an empty list")
    func noEvents() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        try await env.register("EVT-1", eid: try EID.random(prefix: "89049032"))
        let result = try await env.retrieveEvents(&euicc)
        #expect(result.eventEntries.isEmpty)
    }

    @Test("a deleted event is no longer returned")
    func deleteThenDiscover() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        try await env.register("EVT-1", eid: euicc.eid)
        try await env.register("EVT-2", eid: euicc.eid)
        try await env.smds.deleteEvent(DeleteEventRequest(eventId: "EVT-1"), requester: SMDSTestEnvironment.smdp)
        let result = try await env.retrieveEvents(&euicc)
        #expect(result.eventEntries.map(\.eventId) == ["EVT-2"])
        #expect(try await env.store.event(eventId: "EVT-1") == nil)
    }

    @Test("an expired event is not returned")
    func expiredEvent() async throws {
        let env = try SMDSTestEnvironment(eventLifetime: 3600)
        var euicc = try env.euicc()
        try await env.register("EVT-OLD", eid: euicc.eid)
        env.clock.advance(by: 3000)
        try await env.register("EVT-NEW", eid: euicc.eid)
        env.clock.advance(by: 600)
        let result = try await env.retrieveEvents(&euicc)
        #expect(result.eventEntries.map(\.eventId) == ["EVT-NEW"])
        let purged = try await env.smds.purgeExpired()
        #expect(purged.events == 1)
    }

    @Test("registering the same event twice with the same data is idempotent")
    func idempotentRegistration() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        try await env.register("EVT-1", eid: euicc.eid)
        let first = try requireValue(try await env.store.event(eventId: "EVT-1"))
        env.clock.advance(by: 10)
        try await env.register("EVT-1", eid: euicc.eid)
        #expect(try await env.store.event(eventId: "EVT-1") == first)
        let result = try await env.retrieveEvents(&euicc)
        #expect(result.eventEntries.map(\.eventId) == ["EVT-1"])
    }

    @Test("re-registering an eventId with other data is refused: eventId already in use")
    func conflictingRegistration() async throws {
        let env = try SMDSTestEnvironment()
        let eid = try env.euicc().eid
        try await env.register("EVT-1", eid: eid)
        await expectStatus(.eventIdAlreadyInUse) {
            try await env.register("EVT-1", eid: eid, address: "other-smdp.openrsp.test")
        }
        await expectStatus(.eventIdAlreadyInUse) {
            try await env.register("EVT-1", eid: try EID.random(prefix: "89049032"))
        }
        await expectStatus(.eventIdAlreadyInUse) {
            try await env.register("EVT-1", eid: eid, by: SMDSTestEnvironment.otherSMDP)
        }
        let stored = try requireValue(try await env.store.event(eventId: "EVT-1"))
        #expect(stored.rspServerAddress == SMDSTestEnvironment.smdpAddress && stored.eid == eid)
    }

    @Test("an event without eventId or server address is refused")
    func missingElements() async throws {
        let env = try SMDSTestEnvironment()
        let eid = try env.euicc().eid
        await expectStatus(.mandatoryElementMissing) { try await env.register("", eid: eid) }
        await expectStatus(.mandatoryElementMissing) { try await env.register("EVT-1", eid: eid, address: "") }
    }

    @Test("deleting an unknown event is refused: unknown event record")
    func unknownEventDelete() async throws {
        let env = try SMDSTestEnvironment()
        await expectStatus(.unknownEventRecord) {
            try await env.smds.deleteEvent(DeleteEventRequest(eventId: "NOPE"), requester: SMDSTestEnvironment.smdp)
        }
    }

    @Test("an event cannot be deleted by another requester, and stays")
    func deleteByOtherRequester() async throws {
        let env = try SMDSTestEnvironment()
        var euicc = try env.euicc()
        try await env.register("EVT-1", eid: euicc.eid)
        await expectStatus(.unknownEventRecord) {
            try await env.smds.deleteEvent(DeleteEventRequest(eventId: "EVT-1"), requester: SMDSTestEnvironment.otherSMDP)
        }
        let result = try await env.retrieveEvents(&euicc)
        #expect(result.eventEntries.map(\.eventId) == ["EVT-1"])
    }
}
