import HTTPTypes
import Hummingbird
import RSPCore

/// Checks the request headers every SGP.22 HTTP function requires (§6.5.1.1) before the
/// function runs: `X-Admin-Protocol: gsma/rsp/v2.x.y`, `Content-Type: application/json`
/// and, when announced, a `Content-Length` within the body limit. A violation is thrown as
/// a `StatusCode`, which `FunctionStatusMiddleware` renders as an SGP.22 JSON error.
public struct AdminProtocolMiddleware: RouterMiddleware {
    public typealias Context = RSPRequestContext

    public let maxBodySize: Int

    public init(maxBodySize: Int) {
        self.maxBodySize = maxBodySize
    }

    public func handle(
        _ request: Request, context: RSPRequestContext, next: (Request, RSPRequestContext) async throws -> Response
    ) async throws -> Response {
        try Self.checkAdminProtocol(request.headers.combinedValue(AdminProtocol.headerName))
        try Self.checkContentType(request.headers.combinedValue(.contentType))
        if let length = request.headers.combinedValue(.contentLength).flatMap({ Int($0) }), length > maxBodySize {
            throw RequestBodyTooLarge(limit: maxBodySize)
        }
        return try await next(request, context)
    }

    static func checkAdminProtocol(_ value: String?) throws(StatusCode) {
        guard let value else { throw .adminProtocolMissing }
        // What every OpenRSP client and most peers send: accepted without parsing.
        if value == AdminProtocol.currentHeaderValue { return }
        guard let version = AdminProtocol(headerValue: value.trimmingSpaces) else { throw .adminProtocolInvalid }
        guard version.major == AdminProtocol.current.major else { throw .adminProtocolUnsupported }
    }

    /// `application/json`, optionally with parameters (`;charset=UTF-8`), case-insensitive.
    static func checkContentType(_ value: String?) throws(StatusCode) {
        guard let value else { throw .invalidContentType }
        if value == RSPResponse.contentType { return }
        let mediaType = value.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingSpaces.lowercased() }
        guard mediaType == RSPResponse.contentType else { throw .invalidContentType }
    }
}

extension String {
    var trimmingSpaces: String {
        var view = Substring(self)
        while view.first == " " || view.first == "\t" { view = view.dropFirst() }
        while view.last == " " || view.last == "\t" { view = view.dropLast() }
        return String(view)
    }
}

extension HTTPFields {
    /// `self[name]` — the values of every field so named, joined by ", " — without joining when
    /// there is one field, as there nearly always is: `HTTPFields` builds the joined string
    /// character by character even then. Not for `Cookie`, which joins with "; ".
    func combinedValue(_ name: HTTPField.Name) -> String? {
        var single: String?
        for field in self where field.name == name {
            guard single == nil else { return self[name] }
            single = field.value
        }
        return single
    }
}
