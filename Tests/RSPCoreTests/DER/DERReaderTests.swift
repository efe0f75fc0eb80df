import RSPCore
import RSPTestSupport
import SwiftASN1
import Testing

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// The messages' swift-asn1 decoders as they were before they became `DERReadable`: the reference the
/// readers must agree with, value for value and refusal for refusal.
private enum Reference {
    static func authenticateServerResponse(_ bytes: [UInt8]) throws -> AuthenticateServerResponse {
        let node = try DER.parse(bytes)
        return try DER.explicitlyTagged(node, tagNumber: 56, tagClass: .contextSpecific) { inner in
            switch inner.identifier {
            case .context(0): return .authenticateResponseOk(try authenticateResponseOk(inner, identifier: .context(0)))
            case .context(1):
                return .authenticateResponseError(try AuthenticateResponseError(derEncoded: inner, withIdentifier: .context(1)))
            default: throw ASN1Error.unexpectedFieldType(inner.identifier)
            }
        }
    }

    static func authenticateResponseOk(_ node: ASN1Node, identifier: ASN1Identifier) throws -> AuthenticateResponseOk {
        try DER.sequence(node, identifier: identifier) { nodes in
            let signed = try Encoded<EuiccSigned1>(derEncoded: &nodes)
            let signature = try OctetString(derEncoded: &nodes, withIdentifier: .application(55))
            let euicc = try CertificateDER(derEncoded: &nodes)
            let eum = try CertificateDER(derEncoded: &nodes)
            nodes.skipExtensions()
            return AuthenticateResponseOk(euiccSigned1: signed, euiccSignature1: signature, euiccCertificate: euicc, eumCertificate: eum)
        }
    }

    static func authenticateServerRequest(_ bytes: [UInt8]) throws -> AuthenticateServerRequest {
        try DER.sequence(try DER.parse(bytes), identifier: .context(56)) { nodes in
            let signed = try Encoded<ServerSigned1>(derEncoded: &nodes)
            let signature = try OctetString(derEncoded: &nodes, withIdentifier: .application(55))
            let ciPKId = try OctetString(derEncoded: &nodes, withIdentifier: .octetString)
            let certificate = try CertificateDER(derEncoded: &nodes)
            let ctxParams1 = try CtxParams1(derEncoded: nodes.required("ctxParams1"))
            nodes.skipExtensions()
            return AuthenticateServerRequest(
                serverSigned1: signed, serverSignature1: signature, euiccCiPKIdToBeUsed: ciPKId,
                serverCertificate: certificate, ctxParams1: ctxParams1)
        }
    }

    static func prepareDownloadRequest(_ bytes: [UInt8]) throws -> PrepareDownloadRequest {
        try DER.sequence(try DER.parse(bytes), identifier: .context(33)) { nodes in
            let signed = try Encoded<SmdpSigned2>(derEncoded: &nodes)
            let signature = try OctetString(derEncoded: &nodes, withIdentifier: .application(55))
            let hashCc: OctetString? = try DER.optionalImplicitlyTagged(&nodes, tag: .octetString)
            try hashCc?.requireSize(32...32, field: "hashCc")
            let certificate = try CertificateDER(derEncoded: &nodes)
            nodes.skipExtensions()
            return PrepareDownloadRequest(smdpSigned2: signed, smdpSignature2: signature, hashCc: hashCc, smdpCertificate: certificate)
        }
    }

    static func boundProfilePackage(_ bytes: [UInt8]) throws -> BoundProfilePackage {
        func segments(_ node: ASN1Node, list: UInt, element: UInt) throws -> [OctetString] {
            try DER.sequence(node, identifier: .context(list)) { nodes in
                var out = [OctetString]()
                while let child = nodes.next() { out.append(try OctetString(derEncoded: child, withIdentifier: .context(element))) }
                return out
            }
        }
        return try DER.sequence(try DER.parse(bytes), identifier: .context(54)) { nodes in
            let iscr = try InitialiseSecureChannelRequest(derEncoded: &nodes, withIdentifier: .context(35))
            let first87 = try segments(nodes.required("firstSequenceOf87"), list: 0, element: 7)
            let seq88 = try segments(nodes.required("sequenceOf88"), list: 1, element: 8)
            let second87 = try DER.optionalImplicitlyTagged(&nodes, tagNumber: 2, tagClass: .contextSpecific) {
                try segments($0, list: 2, element: 7)
            }
            let seq86 = try segments(nodes.required("sequenceOf86"), list: 3, element: 6)
            nodes.skipExtensions()
            return BoundProfilePackage(
                initialiseSecureChannelRequest: iscr, firstSequenceOf87: first87, sequenceOf88: seq88,
                secondSequenceOf87: second87, sequenceOf86: seq86)
        }
    }
}

/// The recorded BPP with a secondSequenceOf87 ('A2') spliced in before sequenceOf86, so that
/// corruptions reach the optional list too.
private func boundProfilePackageWithSecond87() throws -> [UInt8] {
    var bpp = try BoundProfilePackage(derBytes: Vectors.bytes("bpp.der"))
    bpp.secondSequenceOf87 = [OctetString([0x87, 0x87]), OctetString([UInt8](repeating: 0x42, count: 40))]
    return try bpp.derEncoded()
}

/// One message: valid bytes, the reader's decoder and the reference's.
private struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: @Sendable () throws -> [UInt8]
    let agree: @Sendable ([UInt8]) -> (agree: Bool, accepted: Bool)
    var testDescription: String { name }

    init<T: DERParseable & Equatable & SendableMetatype>(
        _ type: T.Type, _ bytes: @escaping @Sendable () throws -> [UInt8], reference: @escaping @Sendable ([UInt8]) throws -> T
    ) {
        name = "\(T.self)"
        self.bytes = bytes
        agree = { bytes in
            let read = try? T(derBytes: bytes)
            let expected = try? reference(bytes)
            return (read == expected, expected != nil)
        }
    }
}

/// A PrepareDownloadRequest with a hashCc, so that corruptions reach the optional field too.
private func prepareDownloadRequestWithHashCc() throws -> [UInt8] {
    var request = try PrepareDownloadRequest(derBytes: hex(ES10bSessionVectors.prepareDownloadRequest))
    request.hashCc = OctetString([UInt8](repeating: 0xCC, count: 32))
    return try request.derEncoded()
}

private let cases: [Case] = [
    Case(AuthenticateServerResponse.self, { try hex(ES10bSessionVectors.authenticateServerResponse) },
         reference: Reference.authenticateServerResponse),
    Case(AuthenticateServerResponse.self, { try hex("bf3817 a115 8010 a136211522c14bb6bc73a8b4b67b8f30 020106") },
         reference: Reference.authenticateServerResponse),
    Case(AuthenticateServerRequest.self, { try hex(ES10bSessionVectors.authenticateServerRequest) },
         reference: Reference.authenticateServerRequest),
    Case(PrepareDownloadRequest.self, { try hex(ES10bSessionVectors.prepareDownloadRequest) },
         reference: Reference.prepareDownloadRequest),
    Case(PrepareDownloadRequest.self, prepareDownloadRequestWithHashCc, reference: Reference.prepareDownloadRequest),
    Case(BoundProfilePackage.self, { try Vectors.bytes("bpp.der") }, reference: Reference.boundProfilePackage),
    Case(BoundProfilePackage.self, boundProfilePackageWithSecond87, reference: Reference.boundProfilePackage),
]

/// The messages that carry certificates, and the Bound Profile Package, are `DERReadable`: read from
/// their bytes without a swift-asn1 node per TLV. They must decode what the swift-asn1 decoders
/// decoded, to the same values, and refuse what they refused.
@Suite("DER reader")
struct DERReaderTests {
    @Test("the recorded session's messages decode to the reference's values", arguments: cases)
    fileprivate func vectors(_ message: Case) throws {
        let bytes = try message.bytes()
        let outcome = message.agree(bytes)
        #expect(outcome.accepted && outcome.agree)
    }

    @Test("corrupted messages (bytes changed, cut, inserted, lengths rewritten) are refused or decoded exactly as the reference does", arguments: cases)
    fileprivate func corruptions(_ message: Case) throws {
        let original = try message.bytes()
        var random = SplitMix64(state: 0xDE2)
        var refused = 0
        var accepted = 0
        for round in 0..<4_000 {
            let bytes = DERCorruption.apply(
                to: original, round: round, random: &random, specials: [0x80, 0x81, 0x82, 0x30, 0x04, 0xA0, 0xA1, 0x5F, 0x00])
            let outcome = message.agree(bytes)
            #expect(outcome.agree, "\(bytes.hexString)")
            if outcome.accepted { accepted += 1 } else { refused += 1 }
        }
        // Both outcomes are exercised: changes inside a certificate or a signature still decode.
        #expect(refused > 1_000)
        #expect(accepted > 100)
    }

    @Test("every TLV's tag changed, or its constructed bit flipped, is refused or decoded exactly as the reference does", arguments: cases)
    fileprivate func retagged(_ message: Case) throws {
        let original = try message.bytes()
        // The start of every TLV at every depth: swift-asn1's nodes are slices of the bytes parsed.
        var starts: [Int] = []
        func collect(_ node: ASN1Node) {
            starts.append(node.encodedBytes.startIndex)
            if case .constructed(let children) = node.content { children.forEach(collect) }
        }
        collect(try DER.parse(original))
        #expect(starts.count >= 4)
        var refused = 0
        for start in starts {
            for change in [{ $0 ^ 0x20 }, { $0 ^ 0x01 }, { _ in 0x04 }, { _ in 0x30 }, { _ in 0x81 }] as [(UInt8) -> UInt8] {
                var bytes = original
                bytes[start] = change(bytes[start])
                let outcome = message.agree(bytes)
                #expect(outcome.agree, "byte \(start): \(bytes.hexString)")
                if !outcome.accepted { refused += 1 }
            }
        }
        #expect(refused > starts.count)
    }

    @Test("a missing field is refused with its name; an outer tag other than the type's is refused")
    func missingAndOuterTag() throws {
        let empty: [UInt8] = [0xBF, 0x21, 0x00]
        #expect { try PrepareDownloadRequest(derBytes: empty) } throws: { error in
            "\(error)".contains("missing smdpSigned2")
        }
        var request = try hex(ES10bSessionVectors.prepareDownloadRequest)
        request[1] = 0x22
        #expect(throws: ASN1Error.self) { try PrepareDownloadRequest(derBytes: request) }
    }

    @Test("an explicit tag holds exactly one alternative")
    func explicitTagHoldsOne() throws {
        let error = "a115 8010 a136211522c14bb6bc73a8b4b67b8f30 020106"
        #expect(throws: Never.self) { try AuthenticateServerResponse(derBytes: hex("bf3817 \(error)")) }
        #expect(throws: ASN1Error.self) { try AuthenticateServerResponse(derBytes: hex("bf382e \(error) \(error)")) }
        #expect(throws: ASN1Error.self) { try AuthenticateServerResponse(derBytes: hex("bf3800")) }
    }

    @Test("a TLV that does not lie within the bytes is refused, never read")
    func tlvOutsideTheBytes() throws {
        let bytes: [UInt8] = [0x30, 0x03, 0x04, 0x01, 0xAA]
        var outside = try DERStructure.validateSingle(bytes)
        outside.end = 50
        #expect(throws: ASN1Error.self) { try DERReader(outside, in: bytes, identifier: .sequence) }
        #expect(throws: ASN1Error.self) { try DERReader.value(OctetString.self, from: outside, in: bytes, identifier: .sequence) }
        let inside = try DERStructure.validateSingle(bytes)
        var reader = try DERReader(inside, in: bytes, identifier: .sequence)
        #expect(try reader.decode(OctetString.self, field: "value") == OctetString([0xAA]))
    }

    @Test("a constructed OCTET STRING is refused, as DER requires")
    func constructedOctetString() throws {
        #expect(throws: Never.self) { try OctetString(derBytes: [0x04, 0x01, 0xAA]) }
        #expect(throws: ASN1Error.self) { try OctetString(derBytes: [0x24, 0x03, 0x04, 0x01, 0xAA]) }
    }

    @Test("a DERReadable value inside one decoded by swift-asn1 decodes the same as on its own")
    func nestedInSwiftASN1() throws {
        let bytes = try hex(ES10bSessionVectors.authenticateServerResponse)
        let node = try DER.parse(bytes)
        #expect(try AuthenticateServerResponse(derEncoded: node) == AuthenticateServerResponse(derBytes: bytes))
    }
}
