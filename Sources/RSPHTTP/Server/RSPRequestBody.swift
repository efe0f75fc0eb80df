import Foundation
import Hummingbird
import NIOCore
import RSPCore

/// Reads and decodes a JSON request body within the server's size limit.
public enum RSPRequestBody {
    public static func decode<Body: Decodable>(
        _ type: Body.Type, from request: Request, maxSize: Int
    ) async throws -> Body {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxSize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw RequestBodyTooLarge(limit: maxSize)
        } catch is NIOTooManyBytesError {
            throw RequestBodyTooLarge(limit: maxSize)
        }
        return try RSPJSON.decodeRequest(type, from: Data(buffer.readableBytesView))
    }
}
