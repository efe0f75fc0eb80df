import Foundation
import RSPCore
import RSPHTTP
import RSPTestSupport
import Synchronization
import Testing

@testable import OpenRSPCLI

/// What the transport floor replays: one download's four calls, exactly as they went.
@Suite("openrsp bench: a recorded download")
struct RecordedES9PlusSessionTests {
    /// The recorded pySim session's four calls, as typed messages.
    static func pySimSession() throws -> RecordedES9PlusSession {
        func decode<Body: Decodable>(_ type: Body.Type, _ name: String) throws -> Body {
            try RSPJSON.decoder().decode(type, from: Data(try Vectors.bytes("messages/" + name)))
        }
        return RecordedES9PlusSession(
            initiate: try decode(InitiateAuthenticationRequestBody.self, "01-initiateAuthentication.req.json").message(),
            initiated: try decode(InitiateAuthenticationResponseBody.self, "01-initiateAuthentication.resp.json").message(),
            authenticate: try decode(AuthenticateClientRequestBody.self, "02-authenticateClient.req.json").message(),
            authenticated: try decode(AuthenticateClientResponseBody.self, "02-authenticateClient.resp.json").message(),
            get: try decode(GetBoundProfilePackageRequestBody.self, "03-getBoundProfilePackage.req.json").message(),
            package: try decode(GetBoundProfilePackageResponseBody.self, "03-getBoundProfilePackage.resp.json").message(),
            notification: try decode(HandleNotificationRequestBody.self, "04-handleNotification.req.json").message())
    }

    /// Answers as `ReplayedES9PlusService` does, but refuses the AuthenticateClient calls it is told to.
    final class RefusingAuthentication: ES9PlusService {
        let replay: ReplayedES9PlusService
        let refusals: Mutex<Int>
        init(_ session: RecordedES9PlusSession, refusing count: Int) {
            replay = ReplayedES9PlusService(session: session)
            refusals = Mutex(count)
        }
        func initiateAuthentication(_ request: InitiateAuthenticationRequest) async throws -> InitiateAuthenticationOkEs9 {
            try await replay.initiateAuthentication(request)
        }
        func authenticateClient(_ request: AuthenticateClientRequest) async throws -> AuthenticateClientOk {
            let refuse = refusals.withLock { count in
                defer { count -= 1 }
                return count > 0
            }
            if refuse { throw StatusCode.executionError }
            return try await replay.authenticateClient(request)
        }
        func getBoundProfilePackage(_ request: GetBoundProfilePackageRequest) async throws -> GetBoundProfilePackageOk {
            try await replay.getBoundProfilePackage(request)
        }
        func handleNotification(_ request: HandleNotification) async throws { try await replay.handleNotification(request) }
        func cancelSession(_ request: CancelSessionRequestEs9) async throws {}
    }

    /// Runs the four calls of `session` through `service`, stopping at the first failure.
    static func download(_ session: RecordedES9PlusSession, through service: any ES9PlusService) async {
        do {
            _ = try await service.initiateAuthentication(session.initiate)
            _ = try await service.authenticateClient(session.authenticate)
            _ = try await service.getBoundProfilePackage(session.get)
            try await service.handleNotification(session.notification)
        } catch {}
    }

    @Test("the recorder keeps the first download that completed: not a failed one before it, not the ones after it")
    func firstCompleteDownloadKept() async throws {
        let session = try Self.pySimSession()
        var other = session
        other.initiate.euiccChallenge = OctetString([UInt8](repeating: 0x5A, count: 16))
        let recorder = RecordingES9PlusService(RefusingAuthentication(session, refusing: 1))
        var failed = session
        failed.initiate.euiccChallenge = OctetString([UInt8](repeating: 0x11, count: 16))
        await Self.download(failed, through: recorder)
        #expect(recorder.session == nil)
        await Self.download(session, through: recorder)
        await Self.download(other, through: recorder)
        let kept = try #require(recorder.session)
        #expect(kept.initiate == session.initiate)
        #expect(kept.initiated == session.initiated && kept.authenticate == session.authenticate)
        #expect(kept.authenticated == session.authenticated && kept.get == session.get)
        #expect(kept.package == session.package && kept.notification == session.notification)
    }

    @Test("the replaying stand-in answers each call with the recorded answer, whatever the request")
    func replayAnswersRecorded() async throws {
        let session = try Self.pySimSession()
        let replay = ReplayedES9PlusService(session: session)
        var other = session.initiate
        other.smdpAddress = "elsewhere.example.com"
        #expect(try await replay.initiateAuthentication(other) == session.initiated)
        #expect(try await replay.authenticateClient(session.authenticate) == session.authenticated)
        #expect(try await replay.getBoundProfilePackage(session.get) == session.package)
    }
}
