import SwiftASN1

/// ES10b.PrepareDownload (SGP.22 §5.7.5): why the eUICC refused to prepare the download.
///
/// ```asn1
/// DownloadErrorCode ::= INTEGER {invalidCertificate(1), invalidSignature(2), unsupportedCurve(3), noSessionContext(4), invalidTransactionId(5), undefinedError(127)}
/// ```
public struct DownloadErrorCode: NamedInteger {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let invalidCertificate = DownloadErrorCode(rawValue: 1)
    public static let invalidSignature = DownloadErrorCode(rawValue: 2)
    public static let unsupportedCurve = DownloadErrorCode(rawValue: 3)
    public static let noSessionContext = DownloadErrorCode(rawValue: 4)
    public static let invalidTransactionId = DownloadErrorCode(rawValue: 5)
    public static let undefinedError = DownloadErrorCode(rawValue: 127)

    public static let names: [Int: String] = [
        1: "invalidCertificate", 2: "invalidSignature", 3: "unsupportedCurve", 4: "noSessionContext",
        5: "invalidTransactionId", 127: "undefinedError",
    ]
}
