import Foundation
import Logging
import ProfilePackage
import RSPCore
import RSPCrypto
import RSPStore
import SMDPPlus

/// `openrsp bench --inventory SIZES`: whether ordering and the order reads of a download stay as
/// fast with a large inventory as with a small one. For each size, a fresh store (SQLite in a
/// temporary directory, or a database of its own on a PostgreSQL server) gets that many template
/// profiles (as `profiles import-template` stores them), then the timed operations run
/// `operations` times each, in-process and without HTTP, so that what is measured is the store's
/// and the SM-DP+'s work, the part that could grow with the rows.
struct InventoryScale: Sendable {
    /// One timed operation: what it is, and its latency in microseconds.
    struct Operation: Encodable, Sendable {
        var name: String
        var what: String
        /// How many were timed: the operations asked, or fewer when the inventory is smaller.
        var count: Int
        var microseconds: [String: Double]
    }

    /// One inventory size.
    struct Size: Encodable, Sendable {
        var profiles: Int
        /// Another operator's profiles of the same type, before these in ICCID order (not timed).
        var neighbourProfiles: Int
        /// The timed import: `profiles` only.
        var importSeconds: Double
        var importRowsPerSecond: Double
        /// The store's size after both imports: SQLite's files (database and WAL), or PostgreSQL's
        /// `pg_database_size` of the size's database.
        var storeBytes: Int64
        var operations: [Operation]
    }

    struct Report: Encodable, Sendable {
        /// "sqlite", or the PostgreSQL server's URL (without its password).
        var store: String
        var operationsPerSize: Int
        var sizes: [Size]
        var method = "each operation timed alone (ContinuousClock) on a store that the previous ones filled; "
            + "DownloadOrder and ConfirmOrder through SMDPPlus as ES2+ calls them, reads through the store as the ES9+ handlers make them"
    }

    static let profileType = "SCALE"
    static let owner = "001-01"
    static let operatorName = "SCALE-OPERATOR"

    /// Where each size's inventory is stored.
    enum Store: Sendable {
        case sqlite
        /// A database of its own per size on this server, dropped after it.
        case postgres(PostgresURL)
    }

    var sizes: [Int]
    var operations: Int
    var profile: URL
    var store = Store.sqlite
    var batch = 10_000

    func run() async throws -> Report {
        guard let upp = FileManager.default.contents(atPath: profile.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: profile.path])
        }
        let pki = try RSPPKI.generate()
        var measured: [Size] = []
        for size in sizes {
            measured.append(try await withStore { store, storeBytes in
                try await measure(size, upp: Array(upp), pki: pki, store: store, storeBytes: storeBytes)
            })
        }
        switch store {
        case .sqlite: return Report(store: "sqlite", operationsPerSize: operations, sizes: measured)
        case .postgres(let server): return Report(store: server.description, operationsPerSize: operations, sizes: measured)
        }
    }

    /// Runs `body` on a new, empty store, with a way to read its size; the store is removed afterwards.
    private func withStore(_ body: (any SMDPStore, @Sendable () async throws -> Int64) async throws -> Size) async throws -> Size {
        switch store {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openrsp-inventory-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try SQLiteSMDPStore(dataDirectory: directory)
            do {
                let size = try await body(store) { Self.bytes(under: directory) }
                try store.close()
                return size
            } catch {
                try? store.close()
                throw error
            }
        case .postgres(let server):
            let logger = Logger(label: "openrsp.bench.inventory") { _ in SwiftLogNoOpLogHandler() }
            return try await PostgresScratchDatabase.with(on: server, prefix: "openrsp_inventory", logger: logger) { database in
                let store = try await PostgresSMDPStore(url: database.url, logger: logger, maximumConnections: 4)
                do {
                    let size = try await body(store) { try await database.sizeBytes(logger: logger) }
                    await store.close()
                    return size
                } catch {
                    await store.close()
                    throw error
                }
            }
        }
    }

    private func measure(
        _ size: Int, upp: [UInt8], pki: RSPPKI, store: any SMDPStore, storeBytes: @Sendable () async throws -> Int64
    ) async throws -> Size {
        let configuration = try SMDPConfiguration(
            address: "localhost:8443", dpAuth: pki.dpAuth, dpPb: pki.dpPb, trustedCIs: [pki.ci.certificate])
        let smdp = SMDPPlus(configuration: configuration, store: store, logger: Logger(label: "openrsp.bench.inventory") { _ in
            SwiftLogNoOpLogHandler()
        })
        let operatorIdentity = try RSPCertificateIssuer.issueTLSClientCertificate(commonName: Self.operatorName, issuer: pki.ci)
        let registered = try await smdp.registerOperator(
            name: Self.operatorName, poIds: [Self.owner], certificate: operatorIdentity.certificate)

        // The inventory, as `profiles import-template` stores it. Another operator's inventory of
        // the same size and the same profile type name sits before it in ICCID order (untimed):
        // ordering by type must find the operator's own profiles without walking its neighbour's.
        let template = try await smdp.importTemplate(upp: upp)
        try await importProfiles(
            size, from: "8949448000000000000", owner: try OperatorID(mcc: "001", mnc: "02"), template: template.id, smdp: smdp)
        let started = ContinuousClock.now
        try await importProfiles(
            size, from: "8949449000000000009", owner: try OperatorID(mcc: "001", mnc: "01"), template: template.id, smdp: smdp)
        let importSeconds = (ContinuousClock.now - started).seconds
        let storeBytes = try await storeBytes()

        func caller() -> ES2PlusCaller {
            ES2PlusCaller(functionRequesterIdentifier: registered.name, functionCallIdentifier: UUID().uuidString,
                          certificateFingerprint: registered.certificateFingerprint)
        }
        let count = min(operations, size)
        let eids = try (0..<count).map { try EID(prefix: "89049032", individualNumber: UInt64(900_000_000 + $0)) }
        var iccids: [ICCID] = []
        let ordering = try await Self.time(count) { index in
            iccids.append(try await smdp.downloadOrder(DownloadOrderRequest(eid: eids[index], profileType: Self.profileType), caller: caller()).iccid)
        }
        var matchingIds: [String] = []
        let confirming = try await Self.time(count) { index in
            matchingIds.append(try await smdp.confirmOrder(ConfirmOrderRequest(iccid: iccids[index], eid: eids[index], releaseFlag: true),
                                                           caller: caller()).matchingId)
        }
        let byMatchingId = try await Self.time(count) { index in
            guard try await store.order(matchingId: matchingIds[index]) != nil else { throw Missing(what: matchingIds[index]) }
        }
        let date = Date()
        let byEID = try await Self.time(count) { index in
            guard try await store.oldestReleasedOrder(eid: eids[index], at: date) != nil else { throw Missing(what: "\(eids[index])") }
        }
        return Size(
            profiles: size, neighbourProfiles: size, importSeconds: importSeconds,
            importRowsPerSecond: importSeconds > 0 ? Double(size) / importSeconds : 0,
            storeBytes: storeBytes,
            operations: [
                Operation(name: "downloadOrder", what: "ES2+ DownloadOrder by profile type for an EID: allocation", count: count, microseconds: ordering),
                Operation(name: "confirmOrder", what: "ES2+ ConfirmOrder with release: the order by ICCID, updated", count: count, microseconds: confirming),
                Operation(name: "orderByMatchingId", what: "the order of an activation code's matchingId", count: count, microseconds: byMatchingId),
                Operation(name: "orderByEID", what: "the order of a download without a matchingId, by EID", count: count, microseconds: byEID),
            ])
    }

    /// `count` template profiles of `owner`, of the scale type, with ICCIDs from `first` on.
    private func importProfiles(
        _ count: Int, from first: String, owner: OperatorID, template: String, smdp: SMDPPlus
    ) async throws {
        let metadata = ProfileBatchMetadata(
            profileType: Self.profileType, serviceProviderName: "OpenRSP", profileName: Self.profileType, profileClass: .operational,
            owner: owner)
        var pending: [ICCID] = []
        pending.reserveCapacity(batch)
        for iccid in try ICCIDSequence(start: try ICCID(digits: first), count: count) {
            pending.append(iccid)
            guard pending.count == batch else { continue }
            try await smdp.importProfiles(fromTemplate: template, iccids: pending, metadata: metadata)
            pending.removeAll(keepingCapacity: true)
        }
        if !pending.isEmpty { try await smdp.importProfiles(fromTemplate: template, iccids: pending, metadata: metadata) }
    }

    struct Missing: Error, CustomStringConvertible {
        var what: String
        var description: String { "no order found for \(what)" }
    }

    /// p50/p90/p99/max in microseconds of `count` runs of `body`, each timed alone.
    static func time(_ count: Int, _ body: (Int) async throws -> Void) async throws -> [String: Double] {
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for index in 0..<count {
            let started = ContinuousClock.now
            try await body(index)
            samples.append((ContinuousClock.now - started).seconds * 1e6)
        }
        return LatencySamples.percentiles(samples)
    }

    static func bytes(under directory: URL) -> Int64 {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.fileSizeKey])) ?? []
        return files.reduce(0) { total, file in
            total + Int64((try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
        }
    }
}
