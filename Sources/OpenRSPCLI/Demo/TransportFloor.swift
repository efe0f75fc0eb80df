import Foundation
import Logging
import RSPCore
import RSPHTTP
import X509

/// What the HTTPS around a download costs, measured apart from the download's own work.
///
/// The devices send one real download's ES9+ requests again and again, each "download" on a
/// connection of its own as in the real run, and the SM-DP+'s listener (the same Hummingbird
/// routes, middleware and JSON/DER codecs) answers with that download's recorded answers. No
/// signature is made or checked, no store is touched and no eUICC runs; the TCP connect, the TLS
/// handshake, the four HTTP exchanges and the messages' encoding and decoding at both ends remain.
/// Its CPU per download, added to the ceiling's cryptography, bounds what any SM-DP+ and LPA built
/// on these libraries could do on this machine.
enum TransportFloor {
    struct Report: Encodable {
        var downloads: Int
        var downloadsPerSecond: Double
        /// Replayed downloads that failed (must be 0).
        var errors: Int
        var firstError: String?
        var processSecondsPerDownload: Double
        /// The devices' threads: their executor and their own event loops.
        var deviceSecondsPerDownload: Double
        /// The rest: the SM-DP+'s listener.
        var serverSecondsPerDownload: Double
        var connectionsOpened: Int
        /// cores / (process CPU per download here + the combined ceiling's cryptography per download):
        /// the most complete downloads/s these libraries leave room for, with no other work at all.
        var boundDownloadsPerSecond: Double?
    }

    /// The run completed no download whose messages could be replayed.
    struct NothingRecorded: Error, CustomStringConvertible {
        var description: String { "no download completed all four ES9+ calls: nothing to replay" }
    }

    /// Replays `session` `downloads` times over `concurrency` device connections to `server`.
    static func measure(
        _ session: RecordedES9PlusSession, downloads: Int, concurrency: Int, server: String, trust ci: Certificate,
        reuseConnections: Bool, logger: Logger
    ) async throws -> Report {
        try await DownloadLoad.withDeviceClients(concurrency, server: server, trust: ci, logger: logger) { clients, loops in
            let devices = DeviceExecutor(threads: ProcessInfo.processInfo.activeProcessorCount)
            defer { devices.shutdown() }
            let queue = WorkQueue(Array(0..<downloads))
            let failures = FailureLog()
            let opened = clients.reduce(0) { $0 + ($1.connectionsOpened ?? 0) }
            let processStart = CPUTime.process()
            let deviceStart = devices.cpuSeconds() + loops.cpuSeconds()
            let start = ContinuousClock.now
            await withTaskGroup(of: Void.self) { group in
                for client in clients {
                    group.addTask(executorPreference: devices) {
                        while queue.next() != nil {
                            do {
                                _ = try await client.initiateAuthentication(session.initiate)
                                _ = try await client.authenticateClient(session.authenticate)
                                _ = try await client.getBoundProfilePackage(session.get)
                                try await client.handleNotification(session.notification)
                            } catch {
                                failures.record("\(error)")
                            }
                            if !reuseConnections { await client.closeConnection() }
                        }
                    }
                }
            }
            let seconds = (ContinuousClock.now - start).seconds
            let device = devices.cpuSeconds() + loops.cpuSeconds() - deviceStart
            let process = CPUTime.process() - processStart
            let count = Double(max(1, downloads))
            let (failed, firstError) = failures.summary
            return Report(
                downloads: downloads, downloadsPerSecond: Double(downloads) / max(1e-9, seconds), errors: failed,
                firstError: firstError, processSecondsPerDownload: process / count, deviceSecondsPerDownload: device / count,
                serverSecondsPerDownload: max(0, process - device) / count,
                connectionsOpened: clients.reduce(0) { $0 + ($1.connectionsOpened ?? 0) } - opened)
        }
    }
}

extension TransportFloor.Report {
    /// This report with its bound against `ceiling`'s cryptography (nil: no bound).
    func bounded(by ceiling: CryptoCeiling?) -> Self {
        var report = self
        report.boundDownloadsPerSecond = ceiling.map { ceiling in
            let seconds = processSecondsPerDownload + ceiling.combined.microsecondsPerDownload / 1e6
            return Double(ProcessInfo.processInfo.activeProcessorCount) / max(1e-9, seconds)
        }
        return report
    }
}
