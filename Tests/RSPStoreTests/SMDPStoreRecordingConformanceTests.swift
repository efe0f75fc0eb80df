import Foundation
import RSPCore
import RSPStore
import Testing

/// An ES2+ call's effect and its record in one transaction (`FunctionCallRecording`): both are
/// written, or — when the call is already recorded, or anything fails — neither.
@Suite("SMDPStore conformance: order writes that record their ES2+ call")
struct SMDPStoreRecordingConformanceTests {
    static let key = FunctionCallKey(requester: "Operator A", function: "downloadOrder", callId: "FCI-1")

    /// Records the outcome "<matchingId>/<state>" of the order as written.
    static func recording(_ key: FunctionCallKey = key) -> FunctionCallRecording {
        .record(key, requestHash: [0xAB], createdAt: Fixtures.date(20)) { order in
            Array("\(order.matchingId)/\(order.state.rawValue)".utf8)
        }
    }

    static func recorded(_ key: FunctionCallKey = key, in store: any SMDPStore) async throws -> String? {
        try await store.functionCall(requester: key.requester, function: key.function, callId: key.callId)
            .map { String(decoding: $0.outcome, as: UTF8.self) }
    }

    /// Profile 1 imported and ordered as "M-1" (released, or in `state` with no expiry); its ICCID.
    static func orderedProfile(in store: any SMDPStore, state: ProfileLifecycleState? = nil) async throws -> ICCID {
        let iccid = try Fixtures.iccid(1)
        try await store.insertProfile(try Fixtures.profile(iccid))
        try await store.insertOrder(
            state.map { Fixtures.order("M-1", for: iccid, state: $0, expiresAt: nil) } ?? Fixtures.order("M-1", for: iccid))
        return iccid
    }

    @Test("insertOrder records the call with the outcome of the order it wrote; a recorded call writes no order",
          arguments: StoreKind.available)
    func insertRecords(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let first = try Fixtures.iccid(1), second = try Fixtures.iccid(2)
            for iccid in [first, second] { try await store.insertProfile(try Fixtures.profile(iccid)) }
            try await store.insertOrder(Fixtures.order("M-1", for: first), recording: Self.recording())
            #expect(try await Self.recorded(in: store) == "M-1/released")
            let call = try #require(try await store.functionCall(requester: "Operator A", function: "downloadOrder", callId: "FCI-1"))
            #expect(call.requestHash == [0xAB])
            #expect(call.createdAt == Fixtures.date(20))

            await #expect(throws: FunctionCallAlreadyRecorded(key: Self.key)) {
                try await store.insertOrder(Fixtures.order("M-2", for: second), recording: Self.recording())
            }
            #expect(try await store.order(matchingId: "M-2") == nil)
            #expect(try await store.activeOrder(iccid: second) == nil)
            #expect(try await Self.recorded(in: store) == "M-1/released")
        }
    }

    @Test("insertOrder by profile type records the profile it took; a recorded call leaves the profile available",
          arguments: StoreKind.available)
    func insertByTypeRecords(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let first = try Fixtures.iccid(1), second = try Fixtures.iccid(2)
            for iccid in [first, second] { try await store.insertProfile(try Fixtures.profile(iccid, profileType: "GOLD")) }
            let taken = try await store.insertOrder(
                forProfileType: "GOLD", owners: Fixtures.owners,
                accept: SMDPStoreES2ConformanceTests.always, make: SMDPStoreES2ConformanceTests.makeOrder,
                recording: Self.recording())
            #expect(taken?.iccid == first)
            #expect(try await Self.recorded(in: store) == "DL-\(first.digits)/released")

            await #expect(throws: FunctionCallAlreadyRecorded(key: Self.key)) {
                try await store.insertOrder(
                    forProfileType: "GOLD", owners: Fixtures.owners, accept: SMDPStoreES2ConformanceTests.always,
                    make: SMDPStoreES2ConformanceTests.makeOrder, recording: Self.recording())
            }
            #expect(try await store.activeOrder(iccid: second) == nil)
            // Still available: the next order of the type gets it.
            let next = try await store.insertOrder(
                forProfileType: "GOLD", owners: Fixtures.owners,
                accept: SMDPStoreES2ConformanceTests.always, make: SMDPStoreES2ConformanceTests.makeOrder)
            #expect(next?.iccid == second)
        }
    }

    @Test("updateOrder records the order as changed; a recorded call changes nothing", arguments: StoreKind.available)
    func updateRecords(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try await Self.orderedProfile(in: store, state: .allocated)
            let confirm = FunctionCallKey(requester: "Operator A", function: "confirmOrder", callId: "C-1")
            let answer = try await store.updateOrder(iccid: iccid, now: Fixtures.date(30), recording: Self.recording(confirm)) {
                order in
                order.state = .confirmed
                order.matchingId = "M-NEW"
                return "confirmed"
            }
            #expect(answer == "confirmed")
            #expect(try await Self.recorded(confirm, in: store) == "M-NEW/confirmed")

            let before = try await store.activeOrder(iccid: iccid)
            await #expect(throws: FunctionCallAlreadyRecorded(key: confirm)) {
                try await store.updateOrder(iccid: iccid, now: Fixtures.date(31), recording: Self.recording(confirm)) {
                    order in order.state = .released
                }
            }
            #expect(try await store.activeOrder(iccid: iccid) == before)
            #expect(try await Self.recorded(confirm, in: store) == "M-NEW/confirmed")
        }
    }

    @Test("an update that changes nothing still records the call", arguments: StoreKind.available)
    func unchangedUpdateRecords(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try await Self.orderedProfile(in: store)
            try await store.updateOrder(iccid: iccid, now: Fixtures.date(30), recording: Self.recording()) { _ in }
            #expect(try await Self.recorded(in: store) == "M-1/released")
        }
    }

    @Test("forget removes the call's record with the change that undoes its effect", arguments: StoreKind.available)
    func forgetRemoves(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try await Self.orderedProfile(in: store, state: .confirmed)
            try await store.updateOrder(iccid: iccid, now: Fixtures.date(30), recording: Self.recording()) { $0.state = .released }
            try await store.updateOrder(iccid: iccid, now: Fixtures.date(31), recording: .forget(Self.key)) { $0.state = .confirmed }
            #expect(try await Self.recorded(in: store) == nil)
            #expect(try await store.activeOrder(iccid: iccid)?.state == .confirmed)
            // The call can act and be recorded again.
            try await store.updateOrder(iccid: iccid, now: Fixtures.date(32), recording: Self.recording()) { $0.state = .released }
            #expect(try await Self.recorded(in: store) == "M-1/released")
        }
    }

    @Test("a failing write records nothing, and an outcome that cannot be computed writes nothing",
          arguments: StoreKind.available)
    func failureRecordsNothing(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccid = try await Self.orderedProfile(in: store)
            // The order's own rules refuse it: a second active order for the profile.
            await #expect(throws: StoreError.self) {
                try await store.insertOrder(Fixtures.order("M-2", for: iccid), recording: Self.recording())
            }
            #expect(try await Self.recorded(in: store) == nil)

            let unanswerable = FunctionCallRecording.record(Self.key, requestHash: [], createdAt: Fixtures.date(20)) { _ in
                throw RefusedByCaller(why: "no answer")
            }
            await #expect(throws: RefusedByCaller(why: "no answer")) {
                try await store.updateOrder(iccid: iccid, now: Fixtures.date(30), recording: unanswerable) { $0.state = .cancelled }
            }
            #expect(try await store.activeOrder(iccid: iccid)?.state == .released)
            #expect(try await Self.recorded(in: store) == nil)
        }
    }
}
