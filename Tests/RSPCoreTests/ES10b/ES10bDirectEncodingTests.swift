import Foundation
import SwiftASN1
import Testing

import RSPCore

private func hex(_ text: String) throws -> [UInt8] {
    try #require([UInt8](hex: text.filter { !$0.isWhitespace }))
}

/// swift-asn1's serializer over each message's ASN.1, field by field (not through the types'
/// `serialize(into:)`, which now writes through the `DERWriter` encoders under test).
private func serialized(_ body: (inout DER.Serializer) throws -> Void) rethrows -> [UInt8] {
    var serializer = DER.Serializer()
    try body(&serializer)
    return serializer.serializedBytes
}

private func reference(_ request: AuthenticateServerRequest, _ identifier: ASN1Identifier) throws -> [UInt8] {
    try serialized { coder in
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try request.serverSigned1.value.serialize(into: &coder)
            try ASN1OctetString(contentBytes: request.serverSignature1.bytes[...]).serialize(into: &coder, withIdentifier: .application(55))
            try ASN1OctetString(contentBytes: request.euiccCiPKIdToBeUsed.bytes[...]).serialize(into: &coder)
            try certificate(request.serverCertificate, into: &coder)
            try request.ctxParams1.serialize(into: &coder)
        }
    }
}

private func reference(_ request: PrepareDownloadRequest, _ identifier: ASN1Identifier) throws -> [UInt8] {
    try serialized { coder in
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try request.smdpSigned2.value.serialize(into: &coder)
            try ASN1OctetString(contentBytes: request.smdpSignature2.bytes[...]).serialize(into: &coder, withIdentifier: .application(55))
            if let hashCc = request.hashCc { try ASN1OctetString(contentBytes: hashCc.bytes[...]).serialize(into: &coder) }
            try certificate(request.smdpCertificate, into: &coder)
        }
    }
}

private func reference(_ response: AuthenticateServerResponse, _ identifier: ASN1Identifier) throws -> [UInt8] {
    try serialized { coder in
        try coder.appendConstructedNode(identifier: identifier) { coder in
            switch response {
            case .authenticateResponseOk(let ok):
                try coder.appendConstructedNode(identifier: .context(0)) { coder in
                    try ok.euiccSigned1.value.serialize(into: &coder)
                    try ASN1OctetString(contentBytes: ok.euiccSignature1.bytes[...]).serialize(into: &coder, withIdentifier: .application(55))
                    try certificate(ok.euiccCertificate, into: &coder)
                    try certificate(ok.eumCertificate, into: &coder)
                }
            case .authenticateResponseError(let error):
                try error.serialize(into: &coder, withIdentifier: .context(1))
            }
        }
    }
}

/// A certificate re-serialized from its parse tree, so that its long content goes through swift-asn1's
/// length handling too.
private func certificate(_ certificate: CertificateDER, into coder: inout DER.Serializer) throws {
    try coder.serialize(DER.parse(certificate.derBytes))
}

/// The messages that carry certificates have their own encoders (`DERWriter`): same bytes as swift-asn1.
@Suite("ES10b messages with certificates encode as swift-asn1 does")
struct ES10bDirectEncodingTests {
    @Test("AuthenticateServerRequest: recorded bytes, under its own tag and another")
    func authenticateServerRequest() throws {
        let bytes = try hex(ES10bSessionVectors.authenticateServerRequest)
        let request = try AuthenticateServerRequest(derBytes: bytes)
        #expect(try request.derEncoded() == bytes)
        #expect(try request.derEncoded() == reference(request, .context(56)))
        #expect(try request.derEncoded(withIdentifier: .sequence) == reference(request, .sequence))
        #expect(try request.derEncoded(withIdentifier: .context(300)) == reference(request, .context(300)))
    }

    @Test("PrepareDownloadRequest: recorded bytes, with and without hashCc")
    func prepareDownloadRequest() throws {
        let bytes = try hex(ES10bSessionVectors.prepareDownloadRequest)
        var request = try PrepareDownloadRequest(derBytes: bytes)
        #expect(request.hashCc == nil)
        #expect(try request.derEncoded() == bytes)
        #expect(try request.derEncoded() == reference(request, .context(33)))
        request.hashCc = OctetString(Array(repeating: 0xCC, count: 32))
        let withHash = try request.derEncoded()
        #expect(withHash == (try reference(request, .context(33))))
        #expect(try PrepareDownloadRequest(derBytes: withHash) == request)
    }

    @Test("AuthenticateServerResponse: the recorded success, an error, and contents of every length form")
    func authenticateServerResponse() throws {
        let bytes = try hex(ES10bSessionVectors.authenticateServerResponse)
        let response = try AuthenticateServerResponse(derBytes: bytes)
        #expect(try response.derEncoded() == bytes)
        #expect(try response.derEncoded() == reference(response, .context(56)))
        #expect(try response.derEncoded(withIdentifier: .context(1)) == reference(response, .context(1)))

        let error = AuthenticateServerResponse.authenticateResponseError(
            AuthenticateResponseError(transactionId: OctetString([1, 2, 3]), authenticateErrorCode: .invalidCertificate))
        #expect(try error.derEncoded() == reference(error, .context(56)))

        guard case .authenticateResponseOk(let ok) = response else {
            Issue.record("expected authenticateResponseOk")
            return
        }
        // Certificates cut to sizes around each length-form boundary of the two nesting levels.
        for size in [10, 100, 115, 127, 128, 200, 255, 256, 300, 65_535, 65_536, 70_000] {
            let certificate = try CertificateDER(derBytes: DERWriter.constructed(
                .sequence, parts: [DERWriter.primitive(.octetString, content: Array(repeating: 0x5A, count: size))]))
            var resized = ok
            resized.euiccCertificate = certificate
            resized.eumCertificate = size > 1000 ? ok.eumCertificate : certificate
            let value = AuthenticateServerResponse.authenticateResponseOk(resized)
            #expect(try value.derEncoded() == reference(value, .context(56)), "size \(size)")
            #expect(try AuthenticateServerResponse(derBytes: value.derEncoded()) == value, "size \(size)")
        }
    }

    @Test("DERWriter.constructed and .primitive write swift-asn1's headers for every length form")
    func parts() throws {
        for size in [0, 1, 127, 128, 255, 256, 65_535, 65_536] {
            let content = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let octets = ASN1OctetString(contentBytes: content[...])
            let primitive = DERWriter.primitive(.application(55), content: content)
            #expect(primitive == (try serialized { try octets.serialize(into: &$0, withIdentifier: .application(55)) }), "size \(size)")
            var serializer = DER.Serializer()
            try serializer.appendConstructedNode(identifier: .context(33)) { coder in
                try octets.serialize(into: &coder, withIdentifier: .octetString)
                try octets.serialize(into: &coder, withIdentifier: .application(55))
            }
            let constructed = DERWriter.constructed(
                .context(33), parts: [DERWriter.primitive(.octetString, content: content), primitive])
            #expect(constructed == serializer.serializedBytes, "size \(size)")
        }
    }
}
