import Foundation
import HTTPTypes
import Hummingbird
import RSPCore

/// Builds the HTTP responses of the SGP.22 JSON binding (§6.5.1): always `application/json`,
/// HTTP 200 for executed and failed functions alike, 204 for a body-less success.
public enum RSPResponse {
    public static let contentType = "application/json"

    public static func json(_ body: some Encodable) throws -> Response {
        let bytes = try RSPJSON.encode(body)
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A `Failed` function execution status. Cannot fail: if encoding the message were ever
    /// to fail, the fixed body of an execution error is sent instead.
    public static func failed(_ code: StatusCode) -> Response {
        if let response = try? json(HeaderOnlyResponseBody(header: .failed(code))) {
            return response
        }
        var headers = HTTPFields()
        headers[.contentType] = contentType
        let fallback = #"{"header":{"functionExecutionStatus":{"status":"Failed","statusCodeData":{"reasonCode":"4.2","subjectCode":"1.2"}}}}"#
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: fallback)))
    }

    public static func noContent() -> Response {
        Response(status: .noContent)
    }
}
