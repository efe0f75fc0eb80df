import Logging
import RSPStore

extension StoreLocation {
    /// Runs `body` on the stores `serve` writes, opened the way `serve` opens them, and closes them.
    func withOpened<T>(_ body: (OpenedStores) async throws -> T) async throws -> T {
        let stores = try await open(logger: Logger(label: "openrsp.test.store") { _ in SwiftLogNoOpLogHandler() })
        do {
            let result = try await body(stores)
            await stores.close()
            return result
        } catch {
            await stores.close()
            throw error
        }
    }
}
