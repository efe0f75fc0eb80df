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
/// Only orders placed over ES2+ by an operator with a callback URL are reported. A report that
/// goes with a state change (points 1 success, 2, 3, 4) is put in the store's outbox **in the
/// same transaction** as that change (`SMDPStore.updateSession`'s outbox), so a crash can never
/// keep the one without the other; where it goes (`ProgressRecipient`) is looked up before. It is
/// delivered later by `DownloadProgressOutbox`: the device's ES9+ call never waits for, nor fails
/// because of, the operator's system.
struct ProgressRecipient: Sendable {
    let operatorName: String
    let url: String
    let profileType: String
}

extension SMDPPlus {
    /// Who is told of `order`'s progress, or nil when nobody is (a local order, or an operator
    /// without a callback URL). `profileType`, when the caller has the profile, saves a read.
    func progressRecipient(for order: OrderRecord, profileType: String? = nil) async throws -> ProgressRecipient? {
        guard let operatorName = order.operatorName,
            let requester = try await store.operatorRecord(name: operatorName), let url = requester.callbackURL
        else { return nil }
        let type: String
        if let profileType { type = profileType } else { type = try await store.profile(iccid: order.iccid, withPackage: false)?.profileType ?? "" }
        return ProgressRecipient(operatorName: operatorName, url: url, profileType: type)
    }

    /// `progressRecipient` for the snapshot's order from what the snapshot already read (the
    /// operator's callback URL, the order's profile): no store access.
    static func progressRecipient(in snapshot: SessionSnapshot) -> ProgressRecipient? {
        guard let operatorName = snapshot.order?.operatorName, let url = snapshot.operatorCallbackURL else { return nil }
        return ProgressRecipient(operatorName: operatorName, url: url, profileType: snapshot.profile?.profileType ?? "")
    }

    /// The report as an outbox record; pure, so it can be built inside a store transaction.
    static func progressCallback(
        _ point: HandleDownloadProgressInfoRequest.NotificationPoint,
        _ status: HandleDownloadProgressInfoRequest.PointStatus, order: OrderRecord, eid: EID?, resultData: [UInt8]? = nil,
        to recipient: ProgressRecipient, at date: Date
    ) throws -> CallbackRecord {
        let info = HandleDownloadProgressInfoRequest(
            eid: eid ?? order.eid, iccid: order.iccid, profileType: recipient.profileType, timestamp: date,
            notificationPointId: point, notificationPointStatus: status, resultData: resultData)
        return CallbackRecord(
            operatorName: recipient.operatorName, url: recipient.url, body: try encode(info), createdAt: date, nextAttemptAt: date)
    }

    /// A report that goes with no state change (a refused eligibility check): enqueued on its own.
    /// One that cannot be enqueued is logged and dropped.
    func reportProgress(
        _ point: HandleDownloadProgressInfoRequest.NotificationPoint,
        _ status: HandleDownloadProgressInfoRequest.PointStatus, order: OrderRecord, eid: EID?
    ) async {
        do {
            guard let recipient = try await progressRecipient(for: order) else { return }
            let stored = try await store.enqueueCallback(
                try Self.progressCallback(point, status, order: order, eid: eid, to: recipient, at: now))
            logEnqueued(point, status, order: order, recipient: recipient, id: stored.id)
        } catch {
            logger.error("handleDownloadProgressInfo could not be enqueued", metadata: [
                "operator": "\(order.operatorName ?? "-")", "iccid": "\(order.iccid)", "point": "\(point.rawValue)",
                "cause": "\(error)",
            ])
        }
    }

    func logEnqueued(
        _ point: HandleDownloadProgressInfoRequest.NotificationPoint, _ status: HandleDownloadProgressInfoRequest.PointStatus,
        order: OrderRecord, recipient: ProgressRecipient, id: Int64? = nil
    ) {
        logger.info("handleDownloadProgressInfo enqueued", metadata: [
            "callback": "\(id.map(String.init) ?? "with the state change")", "operator": "\(recipient.operatorName)",
            "iccid": "\(order.iccid)", "point": "\(point.rawValue)", "status": "\(Self.describe(status))",
        ])
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
