import Foundation
import LPA
import RSPCore
import Testing

@testable import OpenRSPCLI

/// Version negotiation end to end over real HTTPS: each device range × server range either downloads
/// at the expected version (the highest common one; the device's lowest when only that is common),
/// with the server naming it in the signed serverSigned1 exactly when it is above the device's
/// lowest — or fails cleanly with 8.8.3/3.1 before any session exists.
@Suite("End to end over HTTPS: SGP.22 version negotiation matrix", .serialized)
struct VersionMatrixOverHTTPSTests {
    struct Cell: Sendable, CustomTestStringConvertible {
        let device: String
        let server: String
        /// (negotiated version, signed server version present) or nil for 8.8.3/3.1.
        let expected: (version: String, announced: Bool)?

        var testDescription: String {
            "device \(device) × server \(server) → " + (expected.map { "\($0.version)\($0.announced ? " (signed)" : "")" } ?? "8.8.3/3.1")
        }
    }

    static let cells: [Cell] = [
        Cell(device: "2.2.2", server: "2.2.2", expected: ("2.2.2", false)),
        Cell(device: "2.2.2", server: "2.2.2-3.1.0", expected: ("2.2.2", false)),
        Cell(device: "2.2.2", server: "3.1.0", expected: nil),
        Cell(device: "2.2.2-3.1.0", server: "2.2.2", expected: ("2.2.2", false)),
        Cell(device: "2.2.2-3.1.0", server: "2.2.2-3.1.0", expected: ("3.1.0", true)),
        Cell(device: "2.2.2-3.1.0", server: "3.1.0", expected: ("3.1.0", true)),
        Cell(device: "3.0.0-3.1.0", server: "2.2.2", expected: nil),
        Cell(device: "3.0.0-3.1.0", server: "2.2.2-3.1.0", expected: ("3.1.0", true)),
        Cell(device: "3.0.0-3.1.0", server: "3.1.0", expected: ("3.1.0", true)),
    ]

    @Test("device range × server range", arguments: cells)
    func cell(_ cell: Cell) async throws {
        try await withDeployment(
            serverVersions: try VersionRange(parsing: cell.server), euiccVersions: try VersionRange(parsing: cell.device)
        ) { deployment in
            let (profile, code) = try await deployment.order(profile: profileURL("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der"))
            guard let expected = cell.expected else {
                await expectServerStatus(.unsupportedSVN) { _ = try await deployment.lpa.download(activationCode: code, confirmationCode: nil) }
                #expect(try await deployment.store.order(matchingId: code.matchingID)?.state == .released)
                return
            }
            let result = try await deployment.lpa.download(activationCode: code, confirmationCode: nil)
            #expect(result.iccid == profile.iccid)
            #expect(result.agreement.version.description == expected.version)
            #expect(result.agreement.announced == expected.announced)
            #expect(result.agreement.features == (try SpecificationVersion(parsing: expected.version)).features)
            #expect(try await deployment.store.order(matchingId: code.matchingID)?.state == .installed)
        }
    }
}
