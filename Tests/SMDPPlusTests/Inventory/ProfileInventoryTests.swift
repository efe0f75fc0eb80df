import Crypto
import Foundation
import ProfilePackage
import RSPCore
import RSPStore
import SMDPPlus
import Testing

@Suite("Inventory and download orders")
struct ProfileInventoryTests {
    @Test("an imported TS.48 profile takes its ICCID and type from the header, with OpenRSP defaults")
    func importDefaults() async throws {
        let env = try SMDPTestEnvironment()
        let upp = try SMDPTestEnvironment.upp()
        let header = try UnprotectedProfilePackage(der: upp).header
        let record = try await env.smdp.importProfile(upp: upp)
        #expect(record.iccid == (try header.iccid))
        #expect(record.iccid.digits == "8949449999999990171")
        #expect(record.profileType == header.profileType)
        #expect(record.profileName == record.profileType)
        #expect(record.serviceProviderName == "OpenRSP")
        #expect(record.profileClass == .operational)
        #expect(record.owner == nil)
        #expect(record.upp == upp)
        #expect(try await env.smdp.inventory().map(\.state) == [.available])
    }

    @Test("explicit metadata overrides the defaults")
    func importWithMetadata() async throws {
        let env = try SMDPTestEnvironment()
        let owner = try OperatorID(mcc: "001", mnc: "01")
        let record = try await env.smdp.importProfile(
            upp: try SMDPTestEnvironment.upp(), profileType: "TS48-TEST", serviceProviderName: "Test Operator",
            profileName: "Test Profile", profileClass: .test, owner: owner)
        #expect(record.profileType == "TS48-TEST")
        #expect(record.serviceProviderName == "Test Operator")
        #expect(record.profileName == "Test Profile")
        #expect(record.profileClass == .test)
        #expect(record.owner == owner)
    }

    @Test("importing the same ICCID twice is refused as a duplicate")
    func duplicateICCID() async throws {
        let env = try SMDPTestEnvironment()
        _ = try await env.smdp.importProfile(upp: try SMDPTestEnvironment.upp())
        await #expect(throws: InventoryError.duplicateICCID(try ICCID(digits: "8949449999999990171", checkLuhn: false))) {
            _ = try await env.smdp.importProfile(upp: try SMDPTestEnvironment.upp())
        }
    }

    @Test("bytes that are not a profile package are refused", arguments: [[], [0x30, 0x00], [0xA0, 0x82, 0xFF]] as [[UInt8]])
    func invalidPackage(bytes: [UInt8]) async throws {
        let env = try SMDPTestEnvironment()
        do {
            _ = try await env.smdp.importProfile(upp: bytes)
            Issue.record("imported garbage")
        } catch let error as InventoryError {
            guard case .invalidProfilePackage = error else { Issue.record("unexpected \(error)"); return }
            #expect(error.statusCode.subjectCode == StatusCode.malformedRequest.subjectCode)
        }
    }

    @Test("an order gets a random XXXXX-XXXXX-XXXXX-XXXXX matchingId, a released state and an activation code")
    func createOrder() async throws {
        let env = try SMDPTestEnvironment()
        let record = try await env.smdp.importProfile(upp: try SMDPTestEnvironment.upp())
        let (order, code) = try await env.smdp.createOrder(iccid: record.iccid, confirmationCode: "1357")
        let groups = order.matchingId.split(separator: "-")
        #expect(groups.count == 4)
        #expect(groups.allSatisfy { $0.count == 5 && $0.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) } })
        #expect(order.state == .released)
        #expect(order.confirmationCodeAttemptsLeft == 3)
        #expect(order.confirmationCodeHash == Array(SHA256.hash(data: Array("1357".utf8))))
        #expect(code.description == "LPA:1$\(SMDPTestEnvironment.address)$\(order.matchingId)$2.999.10$1")
        #expect(await env.store.order(matchingId: order.matchingId) == order)
        #expect(try await env.smdp.inventory().map(\.state) == [.released])
    }

    @Test("two orders get different matchingIds")
    func distinctMatchingIds() async throws {
        let env = try SMDPTestEnvironment()
        let first = try await env.order("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der")
        let second = try await env.order("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der")
        #expect(first.matchingId != second.matchingId)
    }

    @Test("a profile can be ordered once; unknown ICCIDs, taken or malformed matchingIds and empty codes are refused")
    func orderRefusals() async throws {
        let env = try SMDPTestEnvironment()
        let record = try await env.smdp.importProfile(upp: try SMDPTestEnvironment.upp())
        _ = try await env.smdp.createOrder(iccid: record.iccid, matchingId: "MY-ORDER-1")
        await #expect(throws: InventoryError.profileAlreadyOrdered(record.iccid)) {
            _ = try await env.smdp.createOrder(iccid: record.iccid)
        }
        let other = try await env.smdp.importProfile(upp: try SMDPTestEnvironment.upp("TS48V5-SAIP2-1A-NOBERTLV-UNIQUE.der"))
        await #expect(throws: InventoryError.matchingIDAlreadyInUse("MY-ORDER-1")) {
            _ = try await env.smdp.createOrder(iccid: other.iccid, matchingId: "MY-ORDER-1")
        }
        await #expect(throws: InventoryError.self) { _ = try await env.smdp.createOrder(iccid: other.iccid, matchingId: "bad id$") }
        await #expect(throws: InventoryError.self) { _ = try await env.smdp.createOrder(iccid: other.iccid, confirmationCode: "") }
        let unknown = try ICCID(digits: "8949449999999990999", checkLuhn: false)
        await #expect(throws: InventoryError.unknownICCID(unknown)) { _ = try await env.smdp.createOrder(iccid: unknown) }
    }
}
