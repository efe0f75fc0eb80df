import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RSPCore
import RSPHTTP
import RSPTestSupport
import Testing

/// The ES2+ bodies another implementation (pySim's ES2+ client and SM-DP+) sent and answered.
@Suite("ES2+ bodies recorded from pySim")
struct ES2PlusRecordedBodiesTests {
    static var directory: URL { Vectors.directory.appendingPathComponent("pysim-es2plus") }

    static func data(_ name: String) throws -> Data {
        Data(try Vectors.bytes(name, in: directory))
    }

    static func decode<Body: Decodable>(_ type: Body.Type, _ name: String) throws -> Body {
        try RSPJSON.decodeRequest(type, from: try data(name))
    }

    /// Same JSON value: same keys, same types, same values (key order and spacing aside).
    static func expectSameJSON(_ ours: Data, _ recorded: Data, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let a = try JSONSerialization.jsonObject(with: ours) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: recorded) as? NSDictionary
        #expect(a != nil && a == b, "\(String(decoding: ours, as: UTF8.self)) differs from the recording", sourceLocation: sourceLocation)
    }

    static let header1 = ES2PlusRequestHeader(functionRequesterIdentifier: "OPERATOR-TEST-1", functionCallIdentifier: "FCI-1795304612-1")

    @Test("every recorded request is one of the five ES2+ functions")
    func allFilesCovered() throws {
        let requests = try Vectors.files(in: ".", base: Self.directory).filter { $0.hasSuffix(".req.json") }
        let functions = Set(requests.map { String($0.split(separator: "-")[1].split(separator: ".")[0]) })
        #expect(requests.count == 6)
        #expect(functions == Set(ES2PlusFunction.allCases.map(\.rawValue)))
    }

    @Test("DownloadOrder by profile type and EID, and by ICCID, decode into typed requests")
    func downloadOrder() throws {
        let byType = try Self.decode(DownloadOrderRequestBody.self, "01-downloadOrder.req.json")
        #expect(try byType.requestHeader() == Self.header1)
        #expect(try byType.message() == DownloadOrderRequest(
            eid: try EID(digits: FakeES2PlusService.eid), profileType: "TS48V5-SAIP2-3-NOBERTLV-UNIQUE"))
        let byICCID = try Self.decode(DownloadOrderRequestBody.self, "02-downloadOrder.req.json")
        #expect(try byICCID.requestHeader().functionCallIdentifier == "FCI-1795304613-1")
        #expect(try byICCID.message() == DownloadOrderRequest(iccid: try ICCID(digits: "8949449999999990171")))
    }

    @Test("ConfirmOrder, CancelOrder and ReleaseProfile decode into typed requests")
    func otherFunctions() throws {
        let iccid = try ICCID(digits: FakeES2PlusService.iccid)
        let eid = try EID(digits: FakeES2PlusService.eid)
        let confirm = try Self.decode(ConfirmOrderRequestBody.self, "03-confirmOrder.req.json")
        #expect(try confirm.message() == ConfirmOrderRequest(
            iccid: iccid, eid: eid, matchingId: "TS48V5-SAIP2-3-NOBERTLV-UNIQUE", confirmationCode: "1234", releaseFlag: true))
        let cancel = try Self.decode(CancelOrderRequestBody.self, "04-cancelOrder.req.json")
        #expect(try cancel.message() == CancelOrderRequest(
            iccid: iccid, eid: eid, matchingId: "TS48V5-SAIP2-3-NOBERTLV-UNIQUE", finalProfileStatusIndicator: .available))
        let release = try Self.decode(ReleaseProfileRequestBody.self, "05-releaseProfile.req.json")
        #expect(try release.message() == ReleaseProfileRequest(iccid: iccid))
        #expect(try release.requestHeader().functionCallIdentifier == "FCI-1795304615-1")
    }

    @Test("our encoded requests carry the recorded JSON")
    func encodedRequests() throws {
        let confirm = try Self.decode(ConfirmOrderRequestBody.self, "03-confirmOrder.req.json")
        let reencoded = ConfirmOrderRequestBody(try confirm.message(), header: try confirm.requestHeader())
        try Self.expectSameJSON(try RSPJSON.encoder().encode(reencoded), try Self.data("03-confirmOrder.req.json"))
        let download = try Self.decode(DownloadOrderRequestBody.self, "01-downloadOrder.req.json")
        let downloadAgain = DownloadOrderRequestBody(try download.message(), header: try download.requestHeader())
        try Self.expectSameJSON(try RSPJSON.encoder().encode(downloadAgain), try Self.data("01-downloadOrder.req.json"))
    }

    @Test("our success responses have the recorded JSON shape")
    func responses() throws {
        let service = try FakeES2PlusService()
        let encoder = RSPJSON.encoder()
        try Self.expectSameJSON(
            try encoder.encode(DownloadOrderResponseBody(service.downloadOrderResponse)), try Self.data("01-downloadOrder.resp.json"))
        try Self.expectSameJSON(
            try encoder.encode(DownloadOrderResponseBody(service.downloadOrderResponse)), try Self.data("02-downloadOrder.resp.json"))
        try Self.expectSameJSON(
            try encoder.encode(ConfirmOrderResponseBody(service.confirmOrderResponse)), try Self.data("03-confirmOrder.resp.json"))
        let headerOnly = try encoder.encode(HeaderOnlyResponseBody(header: .executedSuccess))
        try Self.expectSameJSON(headerOnly, try Self.data("04-cancelOrder.resp.json"))
        try Self.expectSameJSON(headerOnly, try Self.data("05-releaseProfile.resp.json"))
        // And our client reads the recorded answers back.
        let confirmed = try RSPJSON.decoder().decode(ConfirmOrderResponseBody.self, from: try Self.data("03-confirmOrder.resp.json"))
        #expect(try confirmed.message() == service.confirmOrderResponse)
        let downloaded = try RSPJSON.decoder().decode(DownloadOrderResponseBody.self, from: try Self.data("01-downloadOrder.resp.json"))
        #expect(try downloaded.message() == service.downloadOrderResponse)
    }

    static func recordedProgress() throws -> HandleDownloadProgressInfoRequest {
        HandleDownloadProgressInfoRequest(
            eid: try EID(digits: FakeES2PlusService.eid), iccid: try ICCID(digits: FakeES2PlusService.iccid),
            profileType: "TS48V5-SAIP2-3-NOBERTLV-UNIQUE", timestamp: Date(timeIntervalSince1970: 1_795_262_400),
            notificationPointId: .bppDownload, notificationPointStatus: .executedSuccess,
            resultData: try recordedResultData())
    }

    static func recordedResultData() throws -> [UInt8] {
        let object = try Vectors.json("06-handleDownloadProgressInfo.req.json", in: directory)
        let text = try #require(object["resultData"] as? String)
        return Array(try #require(Data(base64Encoded: text)))
    }

    @Test("the recorded HandleDownloadProgressInfo decodes, header and progress fields")
    func handleDownloadProgressInfo() throws {
        let data = try Self.data("06-handleDownloadProgressInfo.req.json")
        let expected = try Self.recordedProgress()
        #expect(try RSPJSON.decoder().decode(HandleDownloadProgressInfoRequest.self, from: data) == expected)
        let body = try Self.decode(HandleDownloadProgressInfoRequestBody.self, "06-handleDownloadProgressInfo.req.json")
        #expect(body.progress == expected)
        #expect(try body.requestHeader() == ES2PlusRequestHeader(functionRequesterIdentifier: "SMDP-TEST-1", functionCallIdentifier: "FCI-1-1"))
        #expect(expected.resultData?.count ?? 0 > 100)
        // Our encoding has the same fields; the timestamp is written with "Z" instead of "+00:00".
        let ours = try #require(try JSONSerialization.jsonObject(with: try RSPJSON.encoder().encode(body)) as? [String: Any])
        let recorded = try Vectors.json("06-handleDownloadProgressInfo.req.json", in: Self.directory)
        #expect(Set(ours.keys) == Set(recorded.keys))
        #expect(ours["timestamp"] as? String == "2026-11-21T12:00:00Z")
        for key in recorded.keys where key != "timestamp" {
            #expect((ours[key] as? NSObject) == (recorded[key] as? NSObject), "\(key)")
        }
    }

    @Test("the operator routes accept the recorded HandleDownloadProgressInfo with 204 No Content")
    func operatorAccepts() async throws {
        let service = FakeES2PlusOperatorService()
        let server = RSPServer(routeGroups: [ES2PlusOperatorRoutes(service: service)], port: 0, tls: nil)
        let body = try Self.data("06-handleDownloadProgressInfo.req.json")
        try await server.makeApplication().test(.router) { client in
            let response = try await client.execute(
                uri: ES2PlusFunction.handleDownloadProgressInfo.path, method: .post, headers: ES9PlusRoutesTests.headers(),
                body: ByteBuffer(bytes: body))
            #expect(response.status == .noContent)
            #expect(response.headers[ES9PlusRoutesTests.adminProtocol] == "gsma/rsp/v2.2.2")
            // Without a header the report is refused in SGP.22 JSON, HTTP 200.
            var object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            object["header"] = nil
            let noHeader = try await client.execute(
                uri: ES2PlusFunction.handleDownloadProgressInfo.path, method: .post, headers: ES9PlusRoutesTests.headers(),
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object)))
            #expect(noHeader.status == .ok)
            #expect(try ES9PlusRoutesTests.failure(noHeader).reasonCode == .mandatoryElementMissing)
            let garbage = try await client.execute(
                uri: ES2PlusFunction.handleDownloadProgressInfo.path, method: .post, headers: ES9PlusRoutesTests.headers(),
                body: ByteBuffer(string: "{not json"))
            #expect(garbage.status == .ok)
            #expect(try ES9PlusRoutesTests.failure(garbage) == StatusCode.malformedRequest.with(message: "Request body is not a JSON object"))
        }
        let reports = await service.reports
        #expect(reports.count == 1)
        #expect(reports.first?.request == (try Self.recordedProgress()))
        #expect(reports.first?.header.functionRequesterIdentifier == "SMDP-TEST-1")
    }
}
