import Foundation
import RSPCore
import RSPStore
import Testing

/// The operator-scale part of the `SMDPStore` contract: shared profile templates, bulk import,
/// the availability that allocation reads, paging and counts — run against every store.
@Suite("SMDPStore conformance: templates and availability")
struct SMDPStoreTemplateConformanceTests {
    static let always: @Sendable (ProfileRecord) -> Bool = { _ in true }
    static let makeOrder: @Sendable (ProfileRecord) throws -> OrderRecord = { profile in
        Fixtures.order("DL-\(profile.iccid.digits)", for: profile.iccid)
    }

    static func template() throws -> ProfileTemplateRecord {
        ProfileTemplateRecord(id: String(repeating: "ab", count: 32), upp: try Fixtures.upp)
    }

    static let metadata = ProfileBatchMetadata(
        profileType: Fixtures.profileType, serviceProviderName: "OpenRSP Test Operator", profileName: "Bulk",
        profileClass: .operational, owner: Fixtures.defaultOwner)

    /// Stores `template()` and one profile of it per ICCID, imported at `Fixtures.date(1)`.
    @discardableResult
    static func storeTemplateProfiles(
        _ iccids: [ICCID], metadata: ProfileBatchMetadata = metadata, in store: any SMDPStore
    ) async throws -> ProfileTemplateRecord {
        let template = try template()
        try await store.insertTemplate(template)
        try await store.insertProfiles(fromTemplate: template.id, iccids: iccids, metadata: metadata, importedAt: Fixtures.date(1))
        return template
    }

    @Test("template profiles read back with the template's bytes, their template id and their own metadata",
          arguments: StoreKind.available)
    func templateRoundTrip(kind: StoreKind) async throws {
        try await kind.withStore { store in
            var metadata = Self.metadata
            metadata.owner = try Fixtures.owner()
            let iccids = try (1...3).map(Fixtures.iccid)
            let template = try await Self.storeTemplateProfiles(iccids, metadata: metadata, in: store)
            try await store.insertTemplate(template)  // idempotent
            let expected = ProfileRecord(
                iccid: iccids[1], profileType: metadata.profileType, serviceProviderName: metadata.serviceProviderName,
                profileName: metadata.profileName, profileClass: .operational, owner: metadata.owner,
                upp: template.upp, importedAt: Fixtures.date(1), templateID: template.id)
            #expect(try await store.profile(iccid: iccids[1]) == expected)
            #expect(try await store.inventory().map(\.profile.templateID) == Array(repeating: template.id, count: 3))
            #expect(try await store.inventory().allSatisfy { $0.profile.upp == template.upp })
        }
    }

    @Test("a profile read without its package is the whole one with an empty package, for its own package or a template's",
          arguments: StoreKind.available)
    func profileWithoutPackage(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let fromTemplate = try Fixtures.iccid(1), own = try Fixtures.iccid(2)
            try await Self.storeTemplateProfiles([fromTemplate], in: store)
            try await store.insertProfile(try Fixtures.profile(own, owner: try Fixtures.owner()))
            for iccid in [fromTemplate, own] {
                var expected = try #require(try await store.profile(iccid: iccid))
                #expect(!expected.upp.isEmpty)
                expected.upp = []
                #expect(try await store.profile(iccid: iccid, withPackage: false) == expected)
            }
            #expect(try await store.profile(iccid: try Fixtures.iccid(3), withPackage: false) == nil)
        }
    }

    @Test("a bulk insert with a known or repeated ICCID inserts nothing and names the first clash",
          arguments: StoreKind.available)
    func bulkDuplicates(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let template = try Self.template()
            try await store.insertTemplate(template)
            try await store.insertProfile(try Fixtures.profile(try Fixtures.iccid(3)))
            let batch = try [1, 2, 3, 4].map(Fixtures.iccid)
            await #expect(throws: StoreError.duplicate("profile \(try Fixtures.iccid(3))")) {
                try await store.insertProfiles(fromTemplate: template.id, iccids: batch, metadata: Self.metadata,
                                               importedAt: Fixtures.date(1))
            }
            let repeated = try [5, 6, 5].map(Fixtures.iccid)
            await #expect(throws: StoreError.duplicate("profile \(try Fixtures.iccid(5))")) {
                try await store.insertProfiles(fromTemplate: template.id, iccids: repeated, metadata: Self.metadata,
                                               importedAt: Fixtures.date(1))
            }
            #expect(try await store.inventory().map(\.profile.iccid) == [try Fixtures.iccid(3)])
            await #expect(throws: StoreError.notFound("template unknown")) {
                try await store.insertProfiles(fromTemplate: "unknown", iccids: [try Fixtures.iccid(9)],
                                               metadata: Self.metadata, importedAt: Fixtures.date(1))
            }
        }
    }

    @Test("allocation by type skips ordered profiles and takes a profile back after cancel; a revive takes it again",
          arguments: StoreKind.available)
    func availabilityAfterCancelAndRevive(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccids = try (1...3).map(Fixtures.iccid)
            try await Self.storeTemplateProfiles(iccids, in: store)
            let first = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always, make: Self.makeOrder)
            #expect(first?.iccid == iccids[0])
            let second = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always, make: Self.makeOrder)
            #expect(second?.iccid == iccids[1])

            // Cancel frees the first profile: the next allocation takes it again.
            try await store.updateOrder(iccid: iccids[0], now: Fixtures.date(10)) { $0.state = .cancelled }
            #expect(try await store.profileCounts() == [.available: 2, .released: 1])
            let session = Fixtures.session(try Fixtures.transactionId(1), matchingId: "DL-\(iccids[0].digits)")
            try await store.insertSession(session)

            // Revive (updateSession) takes it back: allocation now moves on to the third.
            try await store.updateSession(transactionId: session.transactionId, matchingId: nil,
                                          now: Fixtures.date(11)) { _, order in order?.state = .released }
            #expect(try await store.profileCounts() == [.available: 1, .released: 2])
            let third = try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always, make: Self.makeOrder)
            #expect(third?.iccid == iccids[2])
            #expect(try await store.insertOrder(
                forProfileType: Fixtures.profileType, owners: Fixtures.owners, accept: Self.always, make: Self.makeOrder) == nil)
        }
    }

    @Test("the inventory pages in ICCID order and the counts cover every profile", arguments: StoreKind.available)
    func paging(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let iccids = try (1...5).map(Fixtures.iccid)
            for iccid in iccids.reversed() { try await store.insertProfile(try Fixtures.profile(iccid)) }
            try await store.insertOrder(Fixtures.order("M-2", for: iccids[1]))
            let page1 = try await store.inventory(after: nil, limit: 2)
            #expect(page1.map(\.profile.iccid) == Array(iccids[0..<2]))
            #expect(page1[1].order?.matchingId == "M-2")
            let page2 = try await store.inventory(after: page1.last?.profile.iccid, limit: 2)
            #expect(page2.map(\.profile.iccid) == Array(iccids[2..<4]))
            #expect(try await store.inventory(after: iccids[4], limit: 2).isEmpty)
            #expect(try await store.profileCounts() == [.available: 4, .released: 1])
        }
    }
}
