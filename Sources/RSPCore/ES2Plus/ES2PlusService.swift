/// The ES2+ interface (SGP.22 v2.2.2 §5.3) between an operator and the SM-DP+, independent of its
/// transport. Every function names its caller; a failed function throws a `StatusCode`.
///
/// A call repeated with the same `functionCallIdentifier` by the same operator for the same
/// function returns the first call's outcome without acting again (idempotent retries).
public protocol ES2PlusService: Sendable {
    /// §5.3.1: reserves a profile (by ICCID or profile type), optionally linked to an EID.
    func downloadOrder(_ request: DownloadOrderRequest, caller: ES2PlusCaller) async throws -> DownloadOrderResponse
    /// §5.3.2: fixes the matchingId (generated or given), confirmation code, SM-DS and release flag.
    func confirmOrder(_ request: ConfirmOrderRequest, caller: ES2PlusCaller) async throws -> ConfirmOrderResponse
    /// §5.3.3: ends a pending order; the profile becomes Available again or Unavailable for good.
    func cancelOrder(_ request: CancelOrderRequest, caller: ES2PlusCaller) async throws
    /// §5.3.4: releases a confirmed profile for download.
    func releaseProfile(_ request: ReleaseProfileRequest, caller: ES2PlusCaller) async throws
}

/// The operator side of ES2+ (§5.3.5): where the SM-DP+ reports download progress.
public protocol ES2PlusOperatorService: Sendable {
    func handleDownloadProgressInfo(_ request: HandleDownloadProgressInfoRequest, header: ES2PlusRequestHeader) async throws
}

/// How the SM-DP+ reaches an operator's HandleDownloadProgressInfo endpoint (its callback URL).
/// Throws when the call did not reach the operator or was not accepted: the outbox retries.
public protocol ES2PlusCallbackTransport: Sendable {
    func handleDownloadProgressInfo(
        _ request: HandleDownloadProgressInfoRequest, header: ES2PlusRequestHeader, url: String
    ) async throws
}
