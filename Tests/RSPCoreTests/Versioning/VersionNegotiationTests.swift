import RSPCore
import SwiftASN1
import Testing

@Suite("Version negotiation: ranges, feature lists, the server's choice and the device's check")
struct VersionNegotiationTests {
    static let v222 = SpecificationVersion(2, 2, 2)
    static let v300 = SpecificationVersion(3, 0, 0)
    static let v310 = SpecificationVersion(3, 1, 0)

    @Test("ranges parse from LOW-HIGH or one version and refuse inverted or malformed text")
    func ranges() throws {
        #expect(try VersionRange(parsing: "2.2.2-3.1.0") == VersionRange(lowest: Self.v222, highest: Self.v310))
        #expect(try VersionRange(parsing: "2.2.2") == VersionRange(Self.v222))
        #expect(try VersionRange(parsing: "2.2.2-3.1.0").description == "2.2.2-3.1.0")
        for bad in ["3.1.0-2.2.2", "2.2", "2.2.2-", "a-b", "2.2.2-3.0.0-3.1.0"] {
            #expect(throws: IdentifierError.self, "\(bad)") { try VersionRange(parsing: bad) }
        }
    }

    @Test("feature lists: text and BIT STRING forms round-trip; unknown bits from a newer peer are dropped")
    func features() throws {
        let all: RSPFeatures = [.profileDownload, .rpm, .deviceChange]
        #expect(all.description == "profileDownload,rpm,deviceChange")
        #expect(try RSPFeatures(parsing: "rpm, profileDownload") == [.profileDownload, .rpm])
        #expect(throws: IdentifierError.self) { try RSPFeatures(parsing: "teleport") }
        #expect(RSPFeatures(bitString: all.bitString) == all)
        #expect(RSPFeatures(bitString: BitString(bits: [0, 9])) == .profileDownload)
        #expect(SpecificationVersion(2, 2, 2).features == .profileDownload)
        #expect(SpecificationVersion(3, 1, 0).features == all)
    }

    /// The matrix: device range × server range → version, whether the server names it, or refusal.
    static let matrix: [(device: String, server: String, expected: (String, Bool)?)] = [
        ("2.2.2", "2.2.2", ("2.2.2", false)),
        ("2.2.2", "2.2.2-3.1.0", ("2.2.2", false)),
        ("2.2.2", "3.1.0", nil),
        ("2.2.2-3.1.0", "2.2.2", ("2.2.2", false)),
        ("2.2.2-3.1.0", "2.2.2-3.1.0", ("3.1.0", true)),
        ("2.2.2-3.1.0", "3.1.0", ("3.1.0", true)),
        ("3.0.0-3.1.0", "2.2.2", nil),
        ("3.0.0-3.1.0", "2.2.2-3.1.0", ("3.1.0", true)),
        ("3.0.0-3.1.0", "3.1.0", ("3.1.0", true)),
    ]

    @Test("the server picks the highest common version and names it only above the device's lowest", arguments: 0..<9)
    func serverChoice(cell: Int) throws {
        let (device, server, expected) = Self.matrix[cell]
        let agreement = VersionNegotiation.negotiate(
            device: try VersionRange(parsing: device), deviceFeatures: .all,
            server: try VersionRange(parsing: server), serverFeatures: .all)
        #expect(agreement.map { "\($0.version) announced=\($0.announced)" } == expected.map { "\($0.0) announced=\($0.1)" })
        // The device accepts exactly what the server decided.
        if let agreement {
            let accepted = try VersionNegotiation.accept(
                serverVersion: agreement.announced ? agreement.version : nil, serverFeatures: agreement.features,
                device: try VersionRange(parsing: device), deviceFeatures: .all)
            #expect(accepted.version == agreement.version)
            #expect(accepted.features == agreement.features)
        }
    }

    @Test("features are the intersection of the version's, the server's and the device's")
    func featureIntersection() throws {
        let agreement = try #require(VersionNegotiation.negotiate(
            device: try VersionRange(parsing: "2.2.2-3.1.0"), deviceFeatures: [.profileDownload, .rpm],
            server: try VersionRange(parsing: "3.1.0"), serverFeatures: [.profileDownload, .deviceChange]))
        #expect(agreement.features == .profileDownload)
        // A v2 device sends no list: the version's own features count.
        let v2 = try #require(VersionNegotiation.negotiate(
            device: VersionRange(Self.v222), deviceFeatures: nil, server: try VersionRange(parsing: "2.2.2-3.1.0"), serverFeatures: .all))
        #expect(v2.features == .profileDownload && !v2.announced)
    }

    @Test("the device refuses a server version it did not offer (outside its range, or its lowest named explicitly)")
    func deviceRefusal() throws {
        let device = try VersionRange(parsing: "2.2.2-3.0.0")
        for version in [Self.v310, SpecificationVersion(2, 1, 0), Self.v222] {
            #expect(throws: VersionNegotiation.Refusal.self, "\(version)") {
                _ = try VersionNegotiation.accept(serverVersion: version, serverFeatures: nil, device: device, deviceFeatures: .all)
            }
        }
    }

    @Test("EUICCInfo1 carries highestSvn [19] and the feature list [PRIVATE 1] after unknown v3 fields; v2 form unchanged")
    func euiccInfo1Extensions() throws {
        let v2 = EUICCInfo1(svn: [2, 2, 2], euiccCiPKIdListForVerification: [[1, 2]], euiccCiPKIdListForSigning: [[1, 2]])
        let v2Bytes = try v2.derEncoded()
        #expect(try EUICCInfo1(derBytes: v2Bytes) == v2)
        #expect(try v2.supportedVersions == VersionRange(Self.v222))
        #expect(v2.deviceFeatures == nil)

        var v3 = v2
        v3.highestSvn = [3, 1, 0]
        v3.features = RSPFeatures.all.bitString
        let decoded = try EUICCInfo1(derBytes: try v3.derEncoded())
        #expect(decoded == v3)
        #expect(try decoded.supportedVersions == VersionRange(lowest: Self.v222, highest: Self.v310))
        #expect(decoded.deviceFeatures == .all)

        // A v3 eUICC's euiccCiPKIdListForSigningV3 [17] between the v2 fields and [19] is skipped.
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .context(32)) { coder in
            try OctetString([2, 2, 2]).serialize(into: &coder, withIdentifier: .context(2))
            try coder.serializeSequenceOf([OctetString([1, 2])], identifier: .context(9))
            try coder.serializeSequenceOf([OctetString([1, 2])], identifier: .context(10))
            try coder.serializeSequenceOf([OctetString([3, 4])], identifier: .context(17))
            try OctetString([3, 1, 0]).serialize(into: &coder, withIdentifier: .context(19))
        }
        #expect(try EUICCInfo1(derBytes: serializer.serializedBytes).highestSvn == [3, 1, 0])
    }

    @Test("serverSigned1 carries sessionContext [5] only when set; a v2 serverSigned1 is byte-identical to before")
    func serverSigned1SessionContext() throws {
        let plain = ServerSigned1(
            transactionId: [1, 2, 3], euiccChallenge: OctetString([UInt8](repeating: 7, count: 16)), serverAddress: "smdp.example",
            serverChallenge: OctetString([UInt8](repeating: 9, count: 16)))
        #expect(try ServerSigned1(derBytes: try plain.derEncoded()) == plain)
        #expect(try plain.derEncoded().contains(0xA5) == false)
        var negotiated = plain
        negotiated.sessionContext = SessionContext(serverSvn: [3, 1, 0], features: RSPFeatures.all.bitString)
        #expect(try ServerSigned1(derBytes: try negotiated.derEncoded()) == negotiated)
    }

    @Test("ctxParams1 carries operationType [2] only when set")
    func operationType() throws {
        let info = DeviceInfo(tac: [1, 2, 3, 4], deviceCapabilities: DeviceCapabilities())
        let v2 = CtxParamsForCommonAuthentication(matchingId: "M", deviceInfo: info)
        #expect(try CtxParamsForCommonAuthentication(derBytes: try v2.derEncoded()) == v2)
        let v3 = CtxParamsForCommonAuthentication(matchingId: "M", deviceInfo: info, operationType: BitString(bits: [0]))
        #expect(try CtxParamsForCommonAuthentication(derBytes: try v3.derEncoded()) == v3)
    }
}
