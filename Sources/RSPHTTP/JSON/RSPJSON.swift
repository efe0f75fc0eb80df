import Foundation
import RSPCore

/// The JSON coders of the SGP.22 HTTP bindings (§6.5).
///
/// Base64 fields contain `/`, which `JSONEncoder` escapes as `\/` by default: legal JSON, but
/// not what the recorded peers send, and a byte-for-byte comparison of bodies would fail.
public enum RSPJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }

    /// The bytes `encoder()` writes for `body`; the ES9+ bodies are written by `SplicedJSON`,
    /// which gives the same bytes without scanning their base64 values.
    static func encode<Body: Encodable>(_ body: Body) throws -> [UInt8] {
        if let spliced = body as? any SplicedJSONBody, let bytes = try SplicedJSON.object(spliced.splicedMembers) {
            return bytes
        }
        return Array(try encoder().encode(body))
    }

    public static func decoder() -> JSONDecoder {
        JSONDecoder()
    }

    /// Decodes a request body; any JSON failure becomes the SGP.22 status code for it
    /// (a wrong JSON type or non-JSON text: 1.1/2.1 invalid). The ES9+ bodies are read by
    /// `FlatJSON` when they are plain enough, which gives the value `JSONDecoder` would.
    public static func decodeRequest<Body: Decodable>(_ type: Body.Type, from data: Data) throws(StatusCode) -> Body {
        if let body = FlatJSON.decode(type, from: data) { return body }
        do {
            return try decoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw StatusCode.mandatoryElementMissing.with(message: "Mandatory element missing: \(key.stringValue)")
        } catch let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw StatusCode.mandatoryElementMissing.with(message: "Mandatory element missing: \(path)")
        } catch let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw StatusCode.malformedRequest.with(message: "Invalid JSON type for \(path)")
        } catch {
            throw StatusCode.malformedRequest.with(message: "Request body is not a JSON object")
        }
    }
}
