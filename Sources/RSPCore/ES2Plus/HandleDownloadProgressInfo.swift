import Foundation

/// ES2+.HandleDownloadProgressInfo input (SGP.22 §5.3.5): the SM-DP+ tells the operator how far a
/// download of one of its profiles got.
public struct HandleDownloadProgressInfoRequest: Hashable, Sendable, Codable {
    /// The step of the download the notification is about (§5.3.5 notificationPointId).
    public enum NotificationPoint: Int, Hashable, Sendable, Codable, CaseIterable {
        /// ES9+.AuthenticateClient: the eUICC was authenticated and checked against the order.
        case eligibilityAndRetryLimitCheck = 1
        /// ES9+.GetBoundProfilePackage: a wrong or missing confirmation code.
        case confirmationFailure = 2
        /// ES9+.GetBoundProfilePackage: the bound profile package was delivered.
        case bppDownload = 3
        /// ES9+.HandleNotification: the eUICC's signed installation result.
        case bppInstallation = 4
    }

    /// Success, or the status code of the step's failure.
    public enum PointStatus: Hashable, Sendable {
        case executedSuccess
        case failed(StatusCode)
    }

    public var eid: EID?
    public var iccid: ICCID
    public var profileType: String
    public var timestamp: Date
    public var notificationPointId: NotificationPoint
    public var notificationPointStatus: PointStatus
    /// For `bppInstallation`: the ProfileInstallationResult (DER) as the eUICC signed it.
    public var resultData: [UInt8]?

    public init(eid: EID?, iccid: ICCID, profileType: String, timestamp: Date, notificationPointId: NotificationPoint,
                notificationPointStatus: PointStatus, resultData: [UInt8]? = nil) {
        self.eid = eid
        self.iccid = iccid
        self.profileType = profileType
        self.timestamp = timestamp
        self.notificationPointId = notificationPointId
        self.notificationPointStatus = notificationPointStatus
        self.resultData = resultData
    }

    /// The JSON field names of SGP.22 §6.5.2.5; `timestamp` as ISO 8601 UTC, `resultData` base64,
    /// the status as a `functionExecutionStatus` object.
    enum CodingKeys: String, CodingKey {
        case eid, iccid, profileType, timestamp, notificationPointId, notificationPointStatus, resultData
    }

    private struct StatusJSON: Codable {
        var status: String
        var statusCodeData: StatusCode?
    }

    /// Accepts what other SM-DP+s send: the ICCID with or without 'F' padding and without a Luhn
    /// check (it is the operator's own), any ISO 8601 timestamp with or without fractional seconds.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        eid = try container.decodeIfPresent(EID.self, forKey: .eid)
        let iccidText = try container.decode(String.self, forKey: .iccid)
        do { iccid = try ICCID(digits: iccidText, checkLuhn: false) } catch {
            throw DecodingError.dataCorruptedError(forKey: .iccid, in: container, debugDescription: "\(error)")
        }
        profileType = try container.decodeIfPresent(String.self, forKey: .profileType) ?? ""
        let timestampText = try container.decode(String.self, forKey: .timestamp)
        guard let date = Self.parseTimestamp(timestampText) else {
            throw DecodingError.dataCorruptedError(forKey: .timestamp, in: container, debugDescription: "not ISO 8601")
        }
        timestamp = date
        let point = try container.decode(Int.self, forKey: .notificationPointId)
        guard let notificationPoint = NotificationPoint(rawValue: point) else {
            throw DecodingError.dataCorruptedError(
                forKey: .notificationPointId, in: container, debugDescription: "unknown notificationPointId \(point)")
        }
        notificationPointId = notificationPoint
        let status = try container.decode(StatusJSON.self, forKey: .notificationPointStatus)
        if status.status == "Executed-Success" || status.status == "Executed-WithWarning" {
            notificationPointStatus = .executedSuccess
        } else {
            notificationPointStatus = .failed(status.statusCodeData ?? StatusCode.executionError)
        }
        if let base64 = try container.decodeIfPresent(String.self, forKey: .resultData) {
            guard let bytes = Data(base64Encoded: base64) else {
                throw DecodingError.dataCorruptedError(forKey: .resultData, in: container, debugDescription: "not base64")
            }
            resultData = Array(bytes)
        } else {
            resultData = nil
        }
    }

    static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(eid, forKey: .eid)
        try container.encode(iccid, forKey: .iccid)
        try container.encode(profileType, forKey: .profileType)
        try container.encode(Self.timestampText(timestamp), forKey: .timestamp)
        try container.encode(notificationPointId.rawValue, forKey: .notificationPointId)
        switch notificationPointStatus {
        case .executedSuccess:
            try container.encode(StatusJSON(status: "Executed-Success"), forKey: .notificationPointStatus)
        case .failed(let code):
            try container.encode(StatusJSON(status: "Failed", statusCodeData: code), forKey: .notificationPointStatus)
        }
        try container.encodeIfPresent(resultData.map { Data($0).base64EncodedString() }, forKey: .resultData)
    }

    /// "2026-11-21T12:00:00Z": ISO 8601 in UTC, whole seconds.
    public static func timestampText(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
