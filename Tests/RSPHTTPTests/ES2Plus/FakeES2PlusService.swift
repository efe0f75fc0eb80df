import RSPCore
import RSPHTTP

/// An `ES2PlusService` that records each call with the caller the transport built, answers with
/// fixed responses, or throws `failure`.
actor FakeES2PlusService: ES2PlusService {
    enum Call: Equatable {
        case downloadOrder(DownloadOrderRequest, ES2PlusCaller)
        case confirmOrder(ConfirmOrderRequest, ES2PlusCaller)
        case cancelOrder(CancelOrderRequest, ES2PlusCaller)
        case releaseProfile(ReleaseProfileRequest, ES2PlusCaller)
    }

    static let iccid = "8949449999999990171F"
    static let eid = "89049032123451234512345678901235"

    private(set) var calls: [Call] = []
    private let failure: (any Error)?
    let downloadOrderResponse: DownloadOrderResponse
    let confirmOrderResponse: ConfirmOrderResponse

    init(failingWith failure: (any Error)? = nil) throws {
        self.failure = failure
        downloadOrderResponse = DownloadOrderResponse(iccid: try ICCID(digits: Self.iccid))
        confirmOrderResponse = ConfirmOrderResponse(
            eid: try EID(digits: Self.eid), matchingId: "TS48V5-SAIP2-3-NOBERTLV-UNIQUE", smdpAddress: "testsmdpplus1.example.com")
    }

    func downloadOrder(_ request: DownloadOrderRequest, caller: ES2PlusCaller) async throws -> DownloadOrderResponse {
        calls.append(.downloadOrder(request, caller))
        if let failure { throw failure }
        return downloadOrderResponse
    }

    func confirmOrder(_ request: ConfirmOrderRequest, caller: ES2PlusCaller) async throws -> ConfirmOrderResponse {
        calls.append(.confirmOrder(request, caller))
        if let failure { throw failure }
        return confirmOrderResponse
    }

    func cancelOrder(_ request: CancelOrderRequest, caller: ES2PlusCaller) async throws {
        calls.append(.cancelOrder(request, caller))
        if let failure { throw failure }
    }

    func releaseProfile(_ request: ReleaseProfileRequest, caller: ES2PlusCaller) async throws {
        calls.append(.releaseProfile(request, caller))
        if let failure { throw failure }
    }
}

/// An `ES2PlusOperatorService` that records the progress reports it received.
actor FakeES2PlusOperatorService: ES2PlusOperatorService {
    struct Report: Equatable {
        var request: HandleDownloadProgressInfoRequest
        var header: ES2PlusRequestHeader
    }

    private(set) var reports: [Report] = []
    private let failure: (any Error)?

    init(failingWith failure: (any Error)? = nil) {
        self.failure = failure
    }

    func handleDownloadProgressInfo(_ request: HandleDownloadProgressInfoRequest, header: ES2PlusRequestHeader) async throws {
        reports.append(Report(request: request, header: header))
        if let failure { throw failure }
    }
}
