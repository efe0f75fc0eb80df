import Foundation
import RSPCore
import RSPStore

/// ES2+.HandleDownloadProgressInfo (SGP.22 v2.2.2 §5.3.5), the SM-DP+ side: what it reports to the
/// operator that placed an order, at four points of the download.
///
/// | point | where | status |
/// |---|---|---|
/// | 1 eligibilityAndRetryLimitCheck | ES9+.AuthenticateClient | success, or the refusal (EID, expiry, state) |
/// | 2 confirmationFailure | ES9+.GetBoundProfilePackage | the confirmation code failure (8.2.7/2.2, 3.8, 6.4) |
/// | 3 bppDownload | ES9+.GetBoundProfilePackage | success: the BPP is bound |
/// | 4 bppInstallation | ES9+.HandleNotification | the eUICC's result; resultData = its PendingNotification |
///
/// Only orders placed over ES2+ by an operator with a callback URL are reported. A report is put
/// in the store's outbox after the step's own transaction and delivered later by
/// `DownloadProgressOutbox`: the device's ES9+ call never waits for, nor fails because of, the
/// operator's system. A report that cannot be enqueued is logged and dropped.
extension SMDPPlus {
    func reportProgress(
        _ point: HandleDownloadProgressInfoRequest.NotificationPoint,
        _ status: HandleDownloadProgressInfoRequest.PointStatus, order: OrderRecord, eid: EID?, resultData: [UInt8]? = nil
    ) async {
        guard let operatorName = order.operatorName else { return }
        do {
            guard let requester = try await store.operatorRecord(name: operatorName), let url = requester.callbackURL else {
                return
            }
            let profileType = try await store.profile(iccid: order.iccid)?.profileType ?? ""
            let date = now
            let info = HandleDownloadProgressInfoRequest(
                eid: eid ?? order.eid, iccid: order.iccid, profileType: profileType, timestamp: date,
                notificationPointId: point, notificationPointStatus: status, resultData: resultData)
            let stored = try await store.enqueueCallback(CallbackRecord(
                operatorName: operatorName, url: url, body: try Self.encode(info), createdAt: date, nextAttemptAt: date))
            logger.info("handleDownloadProgressInfo enqueued", metadata: [
                "callback": "\(stored.id)", "operator": "\(operatorName)", "iccid": "\(order.iccid)",
                "point": "\(point.rawValue)", "status": "\(Self.describe(status))",
            ])
        } catch {
            logger.error("handleDownloadProgressInfo could not be enqueued", metadata: [
                "operator": "\(operatorName)", "iccid": "\(order.iccid)", "point": "\(point.rawValue)", "cause": "\(error)",
            ])
        }
    }

    /// Point 1 for an order the eUICC asked for by matchingId but was refused (wrong EID, expired,
    /// not released). A matchingId that names no order reports nothing.
    func reportEligibilityRefused(matchingId: String?, eid: EID, code: StatusCode) async {
        guard let matchingId else { return }
        guard let order = try? await store.order(matchingId: matchingId) else { return }
        await reportProgress(.eligibilityAndRetryLimitCheck, .failed(code), order: order, eid: eid)
    }

    static func describe(_ status: HandleDownloadProgressInfoRequest.PointStatus) -> String {
        switch status {
        case .executedSuccess: "Executed-Success"
        case .failed(let code): "Failed \(code.subjectCode.rawValue)/\(code.reasonCode.rawValue)"
        }
    }
}
