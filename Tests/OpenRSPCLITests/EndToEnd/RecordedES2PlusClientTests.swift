import Foundation
import RSPCore
import RSPHTTP
import RSPTestSupport
import Testing

@testable import OpenRSPCLI

/// Another implementation's ES2+ client (pySim's, recorded in ../shared/vectors/pysim-es2plus) against
/// our ES2+ listener and SM-DP+: each recorded request body is sent byte for byte, in a state where
/// the function is legitimate, and must succeed with a response of the recorded shape. The recorded
/// identifiers already match our data (operator OPERATOR-TEST-1, profile 8949449999999990171F of
/// type TS48V5-SAIP2-3-NOBERTLV-UNIQUE); only the state between calls is set up by us.
@Suite("Recorded pySim ES2+ requests against our ES2+ over mutual TLS", .serialized)
struct RecordedES2PlusClientTests {
    static let vectors = Vectors.directory.appendingPathComponent("pysim-es2plus")

    func send(_ name: String, _ function: ES2PlusFunction, with client: ES2PlusHTTPClient) async throws -> [String: Any] {
        let body = try Vectors.bytes("\(name).req.json", in: Self.vectors)
        let response = try await client.rawCall(function, json: body)
        #expect(response.status == 200, "\(name): HTTP \(response.status)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], "\(name): \(response.text)")
        let status = ((json["header"] as? [String: Any])?["functionExecutionStatus"] as? [String: Any])?["status"] as? String
        #expect(status == "Executed-Success", "\(name): \(response.text)")
        let recorded = try Vectors.json("\(name).resp.json", in: Self.vectors)
        #expect(Set(json.keys) == Set(recorded.keys), "\(name): \(response.text)")
        return json
    }

    @Test("downloadOrder (by type, then by ICCID), confirmOrder, cancelOrder and releaseProfile as pySim sends them")
    func recordedRequests() async throws {
        try await OperatorOverMutualTLSTests().withOperator(callbacks: false) { deployment, op, _ in
            let iccid = try ICCID(digits: "8949449999999990171F", checkLuhn: false)
            let first = try await send("01-downloadOrder", .downloadOrder, with: op.client)
            #expect(first["iccid"] as? String == "8949449999999990171F")
            // A retry of the same call (same functionCallIdentifier) answers the same and reserves nothing more.
            #expect(try await send("01-downloadOrder", .downloadOrder, with: op.client)["iccid"] as? String == "8949449999999990171F")

            // 02 orders the same profile by ICCID: legitimate once the first order is cancelled.
            try await op.client.cancelOrder(CancelOrderRequest(iccid: iccid, finalProfileStatusIndicator: .available), caller: op.caller())
            #expect(try await send("02-downloadOrder", .downloadOrder, with: op.client)["iccid"] as? String == "8949449999999990171F")

            let confirmed = try await send("03-confirmOrder", .confirmOrder, with: op.client)
            #expect(confirmed["matchingId"] as? String == "TS48V5-SAIP2-3-NOBERTLV-UNIQUE")
            #expect(confirmed["smdpAddress"] as? String == deployment.smdpAddress)
            #expect(confirmed["eid"] as? String == "89049032123451234512345678901235")
            #expect(try await deployment.store.activeOrder(iccid: iccid)?.state == .released)

            // 04 reuses 03's functionCallIdentifier for another function: a new call, not a retry.
            _ = try await send("04-cancelOrder", .cancelOrder, with: op.client)
            #expect(try await deployment.store.activeOrder(iccid: iccid) == nil)

            // 05 releases a confirmed, not yet released order.
            _ = try await op.client.downloadOrder(DownloadOrderRequest(iccid: iccid), caller: op.caller())
            _ = try await op.client.confirmOrder(ConfirmOrderRequest(iccid: iccid, releaseFlag: false), caller: op.caller())
            _ = try await send("05-releaseProfile", .releaseProfile, with: op.client)
            #expect(try await deployment.store.activeOrder(iccid: iccid)?.state == .released)
        }
    }
}
