import Foundation
import RSPCore
import RSPHTTP
import RSPTestSupport

/// The ES9+ bodies of the recorded pySim session, as raw JSON objects and as decoded messages.
enum RecordedSession {
    static let initiateRequest = "messages/01-initiateAuthentication.req.json"
    static let initiateResponse = "messages/01-initiateAuthentication.resp.json"
    static let authenticateRequest = "messages/02-authenticateClient.req.json"
    static let authenticateResponse = "messages/02-authenticateClient.resp.json"
    static let bppRequest = "messages/03-getBoundProfilePackage.req.json"
    static let bppResponse = "messages/03-getBoundProfilePackage.resp.json"
    static let notificationRequest = "messages/04-handleNotification.req.json"

    static func data(_ path: String) throws -> Data {
        Data(try Vectors.bytes(path))
    }

    static func decode<Body: Decodable>(_ type: Body.Type, _ path: String) throws -> Body {
        try RSPJSON.decoder().decode(type, from: try data(path))
    }

    static var initiateAuthenticationOk: InitiateAuthenticationOkEs9 {
        get throws { try decode(InitiateAuthenticationResponseBody.self, initiateResponse).message() }
    }
    static var authenticateClientOk: AuthenticateClientOk {
        get throws { try decode(AuthenticateClientResponseBody.self, authenticateResponse).message() }
    }
    static var getBoundProfilePackageOk: GetBoundProfilePackageOk {
        get throws { try decode(GetBoundProfilePackageResponseBody.self, bppResponse).message() }
    }

    /// The string fields of a JSON object (nested objects such as `header` left out).
    static func stringFields(_ data: Data) throws -> [String: String] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object.compactMapValues { $0 as? String }
    }

    static func object(_ data: Data) throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}
