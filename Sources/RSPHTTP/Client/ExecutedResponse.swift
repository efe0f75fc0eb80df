import Foundation
import RSPCore

/// A function's answer read in one JSON pass: its `functionExecutionStatus` header and, only when
/// the function was executed, its fields. Reading the header first and then the whole body again
/// parsed every answer twice, a Bound Profile Package's tens of kilobytes included.
///
/// It reports what the two-pass reading reported, in the same order: no header, then a function
/// that was not executed (its status code), then fields that do not match the binding.
struct ExecutedResponse<Body: Decodable>: Decodable {
    /// The function was not executed: the server's status.
    struct NotExecuted: Error {
        var status: FunctionExecutionStatus
    }
    /// The body has no readable `functionExecutionStatus` header.
    struct NoHeader: Error {}
    /// The header says executed, but the fields do not match the binding.
    struct FieldsMismatch: Error {}

    let body: Body

    init(from decoder: any Decoder) throws {
        let status: FunctionExecutionStatus
        do {
            status = try HeaderOnlyResponseBody(from: decoder).header.functionExecutionStatus
        } catch {
            throw NoHeader()
        }
        guard status.status.isExecuted else { throw NotExecuted(status: status) }
        do {
            body = try Body(from: decoder)
        } catch {
            throw FieldsMismatch()
        }
    }
}

extension ExecutedResponse {
    /// The executed answers `FlatJSON` can read, with the value `init(from:)` would give; nil for
    /// every other answer, which `init(from:)` then reads so that its error is the one reported.
    init?(flat data: Data) {
        let executed = FlatJSON.decode(Body.self, from: data) { object in
            object.header?.functionExecutionStatus.status.isExecuted == true
        }
        guard let executed else { return nil }
        body = executed
    }
}

extension RSPJSONClient {
    /// Reads an answer in one pass (see `ExecutedResponse`) and maps an executed function's fields
    /// to the RSPCore message: `Failed` (or `Expired`) throws the server's status code; a missing
    /// header or fields that do not match the binding are the server's fault, reported as a
    /// malformed response.
    /// `function` names the call in an error, and is spelled out only then.
    static func decodeExecuted<Body: Decodable, Message>(
        _ type: Body.Type, from data: Data, function: @autoclosure () -> String, _ message: (Body) throws -> Message
    ) throws -> Message {
        let body: Body
        do {
            body = try ExecutedResponse<Body>(flat: data)?.body
                ?? RSPJSON.decoder().decode(ExecutedResponse<Body>.self, from: data).body
        } catch let notExecuted as ExecutedResponse<Body>.NotExecuted {
            if let code = notExecuted.status.statusCodeData?.statusCode { throw code }
            throw ES9PlusHTTPClientError.malformedResponse(
                function: function(), reason: "status \(notExecuted.status.status) without statusCodeData")
        } catch is ExecutedResponse<Body>.FieldsMismatch {
            throw ES9PlusHTTPClientError.malformedResponse(function: function(), reason: "fields do not match the JSON binding")
        } catch {
            throw ES9PlusHTTPClientError.malformedResponse(function: function(), reason: "no functionExecutionStatus header")
        }
        return try Self.message(of: body, function: function(), message)
    }
}
