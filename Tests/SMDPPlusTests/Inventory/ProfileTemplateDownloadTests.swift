import RSPTestSupport
import Foundation
import ProfilePackage
import RSPCore
import RSPStore
import SMDPPlus
import Testing

@Suite("Profile templates: one shared UPP, personalised with each profile's ICCID when bound")
struct ProfileTemplateDownloadTests {
    @Test("a template profile downloads end to end with its own ICCID in the header and the metadata")
    func templateProfileDownload() async throws {
        let env = try SMDPTestEnvironment()
        let upp = try SMDPTestEnvironment.upp()
        let template = try await env.smdp.importTemplate(upp: upp)
        #expect(try await env.smdp.importTemplate(upp: upp) == template)
        let iccids = Array(try ICCIDSequence(start: try ICCID(digits: "8949449999999990015"), count: 2))
        try await env.smdp.importProfiles(fromTemplate: template.id, iccids: iccids, metadata: ProfileBatchMetadata(
            profileType: "BULK", serviceProviderName: "OpenRSP Bulk", profileName: "Bulk", profileClass: .operational,
            owner: nil))
        let iccid = iccids[1]
        let (order, _) = try await env.smdp.createOrder(iccid: iccid)

        var euicc = try env.euicc()
        let initiated = try await env.initiate(&euicc)
        let authenticated = try await env.smdp.authenticateClient(
            try euicc.authenticateServer(initiated, matchingId: order.matchingId, smdpAddress: SMDPTestEnvironment.address))
        #expect(authenticated.profileMetaData.iccid == iccid)
        let bound = try await env.smdp.getBoundProfilePackage(try euicc.prepareDownload(authenticated))
        let contents = try euicc.loadBoundProfilePackage(bound.boundProfilePackage)

        let delivered = try UnprotectedProfilePackage(der: contents.profileElements)
        #expect(try delivered.header.iccid == iccid)
        #expect(contents.profileElements == (try UnprotectedProfilePackage(der: upp).replacingHeaderICCID(with: iccid)))
        #expect(contents.profileElements.count == upp.count)
        #expect(try await env.orderState(order.matchingId).state == .downloaded)
    }

    @Test("a package that is not a UPP is refused as a template")
    func invalidTemplate() async throws {
        let env = try SMDPTestEnvironment()
        await #expect(throws: InventoryError.self) { try await env.smdp.importTemplate(upp: [0x30, 0x00]) }
    }
}
