import Foundation
import RSPCore

/// An `SMDSStore` in memory: for tests and demos. Each method runs on the actor, so each is
/// atomic like a database transaction.
public actor InMemorySMDSStore: SMDSStore {
    private var eventsById: [String: EventRecord] = [:]
    private var sessions: [TransactionID: SMDSSessionRecord] = [:]

    public init() {}

    public func insertEvent(_ event: EventRecord) throws {
        guard eventsById[event.eventId] == nil else { throw StoreError.duplicate("event \(event.eventId)") }
        eventsById[event.eventId] = event
    }

    public func event(eventId: String) -> EventRecord? { eventsById[eventId] }

    public func deleteEvent(eventId: String, registeredBy: String) throws {
        guard let event = eventsById[eventId] else { throw StoreError.notFound("event \(eventId)") }
        guard event.registeredBy == registeredBy else {
            throw StoreError.conflict("event \(eventId) was registered by another requester")
        }
        eventsById[eventId] = nil
    }

    public func events(eid: EID, unexpiredAt date: Date) -> [EventRecord] {
        eventsById.values.filter { $0.eid == eid && $0.expiresAt > date }.sorted {
            ($0.createdAt, $0.eventId) < ($1.createdAt, $1.eventId)
        }
    }

    public func deleteExpiredEvents(before date: Date) -> Int {
        let expired = eventsById.values.filter { $0.expiresAt <= date }.map(\.eventId)
        for id in expired { eventsById[id] = nil }
        return expired.count
    }

    public func insertSMDSSession(_ session: SMDSSessionRecord) throws {
        guard sessions[session.transactionId] == nil else { throw StoreError.duplicate("session \(session.transactionId)") }
        sessions[session.transactionId] = session
    }

    public func smdsSession(transactionId: TransactionID) -> SMDSSessionRecord? { sessions[transactionId] }

    public func updateSMDSSession<Result: Sendable>(
        transactionId: TransactionID, _ change: @Sendable (inout SMDSSessionRecord) throws -> Result
    ) throws -> Result {
        guard var session = sessions[transactionId] else { throw StoreError.notFound("session \(transactionId)") }
        let result = try change(&session)
        guard session.transactionId == transactionId else { throw StoreError.conflict("a session's TransactionID cannot change") }
        sessions[transactionId] = session
        return result
    }

    public func deleteExpiredSMDSSessions(before date: Date) -> Int {
        let expired = sessions.values.filter { $0.expiresAt <= date }.map(\.transactionId)
        for id in expired { sessions[id] = nil }
        return expired.count
    }
}
