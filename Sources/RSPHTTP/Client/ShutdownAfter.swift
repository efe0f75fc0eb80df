/// A client holding connections that must be shut down before it is released.
protocol ShutdownRequired {
    func shutdown() async throws
}

extension ES9PlusHTTPClient: ShutdownRequired {}
extension ES11HTTPClient: ShutdownRequired {}

/// Runs `body` with `client` and shuts the client down afterwards, whether `body` throws or not
/// (a shutdown failure after a failed body is dropped: the body's error is the one that matters).
func shutdownAfter<Client: ShutdownRequired, Result>(
    _ client: Client, _ body: (Client) async throws -> Result
) async throws -> Result {
    let result: Result
    do {
        result = try await body(client)
    } catch {
        try? await client.shutdown()
        throw error
    }
    try await client.shutdown()
    return result
}
