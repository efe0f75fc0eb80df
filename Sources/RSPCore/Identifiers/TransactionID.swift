/// An RSP session's TransactionID (SGP.22 §2.6.3, `TransactionId ::= OCTET STRING (SIZE(1..16))`).
///
/// In ES9+ JSON it is upper-case hex (`^[0-9,A-F]{2,32}$`); we accept lower case on input.
public struct TransactionID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        guard (1...16).contains(bytes.count) else {
            throw IdentifierError.invalidTransactionID("a TransactionID has 1 to 16 bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    public init(hex: String) throws {
        guard let bytes = [UInt8](hex: hex) else {
            throw IdentifierError.invalidTransactionID("a TransactionID is hexadecimal: \(hex)")
        }
        try self.init(bytes: bytes)
    }

    public init(_ octets: OctetString) throws { try self.init(bytes: octets.bytes) }

    public var octetString: OctetString { OctetString(bytes) }
    public var hex: String { bytes.hexString }
    public var description: String { hex }

    public init(from decoder: any Decoder) throws {
        try self.init(hex: try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
