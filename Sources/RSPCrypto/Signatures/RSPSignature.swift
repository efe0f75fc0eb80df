import Crypto
import SwiftASN1

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An ECDSA NIST P-256 / SHA-256 signature in the plain r‖s form SGP.22 transports (SGP.22 §2.6.5,
/// BSI TR-03111 §5.2.2): 64 bytes, r and s each left-padded to 32 bytes.
///
/// In messages it travels as the value of a '5F37' data object (`5F 37 40 ‖ r‖s`); X.509 uses the
/// X9.62 DER form instead, which `derRepresentation` / `init(derRepresentation:)` convert to and from.
public struct RSPSignature: Hashable, Sendable {
    /// r‖s, exactly 64 bytes.
    public let rawRepresentation: [UInt8]

    /// r‖s as received; throws `SignatureError.wrongSignatureLength` unless it has 64 bytes.
    public init(rawRepresentation: some Collection<UInt8>) throws {
        let bytes = Array(rawRepresentation)
        guard bytes.count == SignatureConstants.p256SignatureLength else {
            throw SignatureError.wrongSignatureLength(expected: SignatureConstants.p256SignatureLength, actual: bytes.count)
        }
        self.rawRepresentation = bytes
    }

    /// r (32 bytes, big-endian).
    public var r: ArraySlice<UInt8> { rawRepresentation.prefix(32) }
    /// s (32 bytes, big-endian).
    public var s: ArraySlice<UInt8> { rawRepresentation.suffix(32) }

    // MARK: Signing and verifying

    /// Signs `data` (hashed with SHA-256) with a P-256 private key.
    public static func sign(_ data: some DataProtocol, with key: P256.Signing.PrivateKey) throws -> RSPSignature {
        let signature = try key.signature(for: data)
        return try RSPSignature(rawRepresentation: signature.rawRepresentation)
    }

    /// Whether this signature verifies over `data` (hashed with SHA-256) with `key`.
    public func isValid(for data: some DataProtocol, publicKey key: P256.Signing.PublicKey) -> Bool {
        guard let signature = try? P256.Signing.ECDSASignature(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: data)
    }

    /// Throws `SignatureError.invalidSignature` unless this signature verifies over `data` with `key`.
    public func verify(_ data: some DataProtocol, publicKey key: P256.Signing.PublicKey) throws {
        guard isValid(for: data, publicKey: key) else { throw SignatureError.invalidSignature }
    }

    /// Verifies r‖s bytes as received (any length) over `data`: throws `wrongSignatureLength`
    /// for a value that is not 64 bytes, `invalidSignature` when it does not verify.
    public static func verify(
        rawSignature: some Collection<UInt8>, over data: some DataProtocol, publicKey key: P256.Signing.PublicKey
    ) throws {
        try RSPSignature(rawRepresentation: rawSignature).verify(data, publicKey: key)
    }

    // MARK: X9.62 DER form

    /// The X9.62 DER `Ecdsa-Sig-Value` (SEQUENCE { INTEGER r, INTEGER s }).
    public var derRepresentation: [UInt8] {
        get throws {
            var serializer = DER.Serializer()
            try serializer.serialize(ECDSASigValue(r: Self.trimmed(r), s: Self.trimmed(s)))
            return serializer.serializedBytes
        }
    }

    /// Converts an X9.62 DER `Ecdsa-Sig-Value` to r‖s; throws `malformedDERSignature` when it is not
    /// valid DER, has trailing bytes, or r or s does not fit in 32 bytes.
    public init(derRepresentation bytes: some Collection<UInt8>) throws {
        let value: ECDSASigValue
        do {
            value = try ECDSASigValue(derEncoded: Array(bytes)[...])
        } catch {
            throw SignatureError.malformedDERSignature("\(error)")
        }
        let r = Self.trimmed(value.r)
        let s = Self.trimmed(value.s)
        guard r.count <= 32, s.count <= 32 else {
            throw SignatureError.malformedDERSignature("r or s longer than 32 bytes")
        }
        self.rawRepresentation = [UInt8](repeating: 0, count: 32 - r.count) + r
            + [UInt8](repeating: 0, count: 32 - s.count) + s
    }

    // MARK: '5F37' data object

    /// The '5F37' data object: `5F 37 40 ‖ r‖s` (SGP.22 `[APPLICATION 55] OCTET STRING`).
    public var dataObject: [UInt8] {
        SignatureConstants.signatureTag + [UInt8(SignatureConstants.p256SignatureLength)] + rawRepresentation
    }

    /// Parses exactly one '5F37' data object (tag, length, 64-byte value, nothing after it).
    public init(dataObject bytes: some Collection<UInt8>) throws {
        let node: ASN1Node
        do {
            node = try DER.parse(Array(bytes))
        } catch {
            throw SignatureError.malformedDataObject("\(error)")
        }
        guard node.identifier == ASN1Identifier(tagWithNumber: 55, tagClass: .application),
            case .primitive(let value) = node.content
        else {
            throw SignatureError.malformedDataObject("expected a primitive '5F37' data object, found \(node.identifier)")
        }
        try self.init(rawRepresentation: value)
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        bytes.drop(while: { $0 == 0 })
    }
}

extension RSPSignature: CustomStringConvertible {
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in rawRepresentation {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return "RSPSignature(" + String(decoding: out, as: UTF8.self) + ")"
    }
}
