import Logging
import RSPCore

/// The LPA in the device (LPAd, SGP.22 §3): downloads profiles (§3.1.3), manages them
/// locally (§3.2) and delivers the eUICC's notifications (§3.5).
///
/// It talks to the eUICC through an `ES10Client` and to each SM-DP+ through the
/// `ES9PlusService` the factory returns for its address: HTTPS in production, an in-process
/// SM-DP+ or a fake in tests. Event retrieval (§3.6.2) reaches an SM-DS through the
/// `ES11Service` of `es11Factory`; without one, `discover` fails with `discoveryNotConfigured`.
/// It holds no state of its own — the eUICC and the servers do — so it is a plain value;
/// the `ES10Client` serialises access to the card.
public struct LocalProfileAssistant: Sendable {
    /// Returns the ES9+ endpoint of the SM-DP+ at `smdpAddress` (an FQDN, SGP.22 §4.1).
    public typealias ServerFactory = @Sendable (_ smdpAddress: String) -> any ES9PlusService
    /// Returns the ES11 endpoint of the SM-DS at `smdsAddress` (SGP.22 §3.6.2, §5.8).
    public typealias ES11Factory = @Sendable (_ smdsAddress: String) -> any ES11Service

    public let es10: ES10Client
    /// Sent to the eUICC in ctxParams1 (SGP.22 §5.7.13): TAC, capabilities, optional IMEI.
    public let deviceInfo: DeviceInfo
    let serverFactory: ServerFactory
    let es11Factory: ES11Factory
    let logger: Logger
    /// The CancelSession reason when a download fails for a reason other than the end
    /// user's refusal. SGP.22 v2.2.2 defines no "error" reason; `postponed` says what is
    /// true: the profile was not installed now and the order may be retried.
    public var failureCancelReason: CancelSessionReason = .postponed
    /// How long to wait before each new attempt to deliver the eUICC's signed CancelSession to
    /// an SM-DP+ that could not be reached (one retry per element). The eUICC does not keep that
    /// answer the way it keeps notifications, so without a retry a network glitch leaves the
    /// SM-DP+ waiting for the session to expire. An SM-DP+ that answered, even with an error,
    /// has it: no retry then.
    public var cancelSessionRetryDelays: [Duration] = [.milliseconds(500), .seconds(2)]

    public init(
        es10: ES10Client, deviceInfo: DeviceInfo, logger: Logger = Logger(label: "org.openrsp.lpa"),
        serverFactory: @escaping ServerFactory, es11Factory: @escaping ES11Factory = Self.noSMDS
    ) {
        self.es10 = es10
        self.deviceInfo = deviceInfo
        self.serverFactory = serverFactory
        self.es11Factory = es11Factory
        self.logger = logger
    }

    /// Runs one ES9+ call, turning its failure into an `LPAError`: a status code from the
    /// server stays a status code; anything else means the server was not reached properly.
    func callServer<T>(
        _ function: ES9PlusFunction, address: String, _ body: () async throws -> T
    ) async throws(LPAError) -> T {
        do {
            return try await body()
        } catch let error as LPAError {
            throw error
        } catch let status as any StatusCodeConvertible {
            throw .server(status.statusCode, function: function)
        } catch {
            throw .serverUnreachable(address: address, function: function, reason: "\(error)")
        }
    }
}
