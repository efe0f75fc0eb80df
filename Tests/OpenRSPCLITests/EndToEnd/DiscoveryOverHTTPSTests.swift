import Foundation
import LPA
import RSPCore
import Testing

@testable import OpenRSPCLI

/// SM-DS discovery end to end: the SM-DP+ registers an order's event (ES12), the device finds it over
/// ES11 (HTTPS, mutual authentication with the eUICC), downloads it, and the event is withdrawn.
@Suite("End to end over HTTPS: discovery through the SM-DS", .serialized)
struct DiscoveryOverHTTPSTests {
    @Test("an order announced on the SM-DS is discovered by its eUICC only, downloaded from the event, then withdrawn")
    func discoverAndDownload() async throws {
        try await withDeployment { deployment in
            let eid = deployment.card.isdr.identity.eid
            let profile = try await deployment.smdp.importProfile(
                upp: Array(try Data(contentsOf: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"))), profileType: "TS48V5")
            let (order, _) = try await deployment.smdp.createOrder(iccid: profile.iccid, eid: eid)
            try await deployment.smdp.registerEvent(for: order)
            // An event for another eUICC must stay invisible to this one.
            let other = try await deployment.smdp.importProfile(
                upp: Array(try Data(contentsOf: profileURL("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der"))), profileType: "TS48V5-1A")
            let (otherOrder, _) = try await deployment.smdp.createOrder(
                iccid: other.iccid, eid: try EID(prefix: "89049032", individualNumber: 99))
            try await deployment.smdp.registerEvent(for: otherOrder)

            let events = try await deployment.lpa.discover(smdsAddress: deployment.smdsAddress)
            #expect(events.map(\.eventId) == [order.matchingId])
            #expect(events.first?.rspServerAddress == deployment.smdpAddress)

            let event = try #require(events.first)
            let result = try await deployment.lpa.download(event: event, confirmationCode: nil)
            #expect(result.iccid == profile.iccid)
            #expect(try await deployment.store.order(matchingId: order.matchingId)?.state == .installed)
            #expect(try await deployment.lpa.discover(smdsAddress: deployment.smdsAddress).isEmpty)
        }
    }

    @Test("an SM-DS event needs the order's EID")
    func eventNeedsEID() async throws {
        try await withDeployment { deployment in
            let (_, code) = try await deployment.order(profile: profileURL("TS48V5-SAIP2-1B-NOBERTLV-UNIQUE.der"))
            let order = try #require(try await deployment.store.order(matchingId: code.matchingID))
            await #expect(throws: StatusCode.self) { try await deployment.smdp.registerEvent(for: order) }
        }
    }
}
