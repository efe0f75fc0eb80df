import Hummingbird
import Logging
import RSPCore

/// Turns every outcome of an SGP.22 function call into an SGP.22 response and logs it
/// (SGP.22 §6.5.1.4): the one place where errors become `functionExecutionStatus`.
///
/// - a thrown `StatusCode` (or `StatusCodeConvertible`) → `Failed` with that code;
/// - any other error → `Failed` 1.2/4.2 (execution error), its type logged, its text not sent;
/// - the response, whatever it is, carries our `X-Admin-Protocol`;
/// - with `metrics`, the outcome and the time to answer are counted (`FunctionMetrics`).
///
/// The HTTP status stays 200 (204 for a successful HandleNotification): SGP.22 reports
/// function failures in the body, and an HTTP 500 would tell the LPA nothing.
public struct FunctionStatusMiddleware: RouterMiddleware {
    public typealias Context = RSPRequestContext

    public let metrics: FunctionMetrics?

    public init(metrics: FunctionMetrics? = nil) {
        self.metrics = metrics
    }

    public func handle(
        _ request: Request, context: RSPRequestContext, next: (Request, RSPRequestContext) async throws -> Response
    ) async throws -> Response {
        // For metrics, and for log lines (most of which the level filters out): computed once, when first used.
        var name: String?
        func function() -> String {
            if let name { return name }
            let found = request.uri.path.split(separator: "/").last.map(String.init) ?? request.uri.path
            name = found
            return found
        }
        let start = ContinuousClock.now
        var response: Response
        var outcome: String
        var counted = FunctionMetrics.Outcome.executedSuccess
        do {
            response = try await next(request, context)
            outcome = response.status == .noContent ? "Executed-Success (204)" : "Executed-Success"
        } catch {
            let code = Self.statusCode(for: error)
            if !(error is any StatusCodeConvertible) {
                context.logger.error("\(function()) failed with unexpected \(String(describing: type(of: error)))")
            }
            response = RSPResponse.failed(code)
            if error is RequestBodyTooLarge {
                // The rest of an oversized body was not read: do not reuse the connection.
                response.headers[.connection] = "close"
            }
            outcome = "Failed \(code.subjectCode.rawValue)/\(code.reasonCode.rawValue)"
            counted = .failed(subjectCode: code.subjectCode.rawValue, reasonCode: code.reasonCode.rawValue)
        }
        metrics?.record(function: function(), outcome: counted, duration: ContinuousClock.now - start)
        response.headers[AdminProtocol.headerName] = AdminProtocol.current.headerValue
        context.logger.info(
            "\(function()) transactionId=\(context.call.transactionId ?? "-") status=\(outcome)")
        return response
    }

    /// The status code an error is reported with.
    static func statusCode(for error: any Error) -> StatusCode {
        switch error {
        case let code as StatusCode: code
        case let convertible as any StatusCodeConvertible: convertible.statusCode
        case is DecodingError: StatusCode.malformedRequest
        default: StatusCode.executionError
        }
    }
}
