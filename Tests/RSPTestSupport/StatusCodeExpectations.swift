import RSPCore
import Testing

/// Expects `body` to fail with the SGP.22 status code `expected` (subject and reason; the message
/// may be more specific). Returns the code thrown, for further checks.
@discardableResult
public func expectStatus(
    _ expected: StatusCode, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> StatusCode? {
    do {
        try await body()
        Issue.record("expected \(expected), but the call succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let code as StatusCode {
        #expect(code.subjectCode == expected.subjectCode && code.reasonCode == expected.reasonCode,
                "expected \(expected), got \(code)", sourceLocation: sourceLocation)
        return code
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
