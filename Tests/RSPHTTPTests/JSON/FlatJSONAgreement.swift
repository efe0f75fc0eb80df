import Foundation
import RSPCore
import Testing

@testable import RSPHTTP

/// The differential check of `FlatJSON` against `JSONDecoder`: the fast path either gives nothing
/// (the caller then uses `JSONDecoder`) or gives exactly `JSONDecoder`'s value for a body
/// `JSONDecoder` accepts.
enum FlatJSONAgreement {
    /// How many body types read a body through the fast path: as the body alone (`FlatJSON`,
    /// the server's requests) and as an executed answer (`ExecutedResponse`, the client's).
    struct Taken: Equatable, CustomStringConvertible {
        var bodies = 0
        var executed = 0
        var description: String { "\(bodies) bodies, \(executed) executed answers" }
    }

    /// True when the fast path read `data` as `type`; an issue unless that is `JSONDecoder`'s value.
    @discardableResult
    static func body<Body: Decodable & Equatable>(
        _ type: Body.Type, _ data: Data, _ note: String, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        guard let fast = FlatJSON.decode(type, from: data) else { return false }
        do {
            let reference = try JSONDecoder().decode(type, from: data)
            #expect(fast == reference, "\(Body.self): \(note)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(Body.self): the fast path read a body JSONDecoder rejects (\(error)): \(note)", sourceLocation: sourceLocation)
        }
        return true
    }

    /// True when the client's fast path read `data` as an executed `type`; an issue unless the
    /// one-pass `JSONDecoder` reading gives the same body.
    @discardableResult
    static func executed<Body: Decodable & Equatable>(
        _ type: Body.Type, _ data: Data, _ note: String, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        guard let fast = ExecutedResponse<Body>(flat: data) else { return false }
        do {
            let reference = try JSONDecoder().decode(ExecutedResponse<Body>.self, from: data)
            #expect(fast.body == reference.body, "\(Body.self): \(note)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(Body.self): the fast path read an answer the decoder rejects (\(error)): \(note)", sourceLocation: sourceLocation)
        }
        return true
    }

    /// Every `FlatJSONDecodable` body: five requests, and four responses also read as answers.
    static func everyBody(_ data: Data, _ note: String, sourceLocation: SourceLocation = #_sourceLocation) -> Taken {
        var taken = Taken()
        func request<Body: Decodable & Equatable>(_ type: Body.Type) {
            if body(type, data, note, sourceLocation: sourceLocation) { taken.bodies += 1 }
        }
        func response<Body: Decodable & Equatable>(_ type: Body.Type) {
            if body(type, data, note, sourceLocation: sourceLocation) { taken.bodies += 1 }
            if executed(type, data, note, sourceLocation: sourceLocation) { taken.executed += 1 }
        }
        request(InitiateAuthenticationRequestBody.self)
        request(AuthenticateClientRequestBody.self)
        request(GetBoundProfilePackageRequestBody.self)
        request(HandleNotificationRequestBody.self)
        request(CancelSessionRequestBody.self)
        response(InitiateAuthenticationResponseBody.self)
        response(AuthenticateClientResponseBody.self)
        response(GetBoundProfilePackageResponseBody.self)
        response(HeaderOnlyResponseBody.self)
        return taken
    }
}
