/// Writes the ES9+ bodies byte for byte as `RSPJSON.encoder()` (sorted keys, slashes unescaped)
/// would, without `JSONEncoder` scanning their long base64 values character by character: a
/// Bound Profile Package is ~20 KB of base64, and that scan was most of the cost of encoding it.
///
/// A value is copied as is only when `JSONEncoder` would copy it unchanged: printable ASCII
/// other than `"` and `\`. Base64 and hexadecimal always are; a body with any other value is
/// left to the encoder (`RSPJSON.encode`).
struct SplicedJSON {
    /// One member of a flat body, listed in the order `.sortedKeys` writes them.
    enum Member {
        case string(StaticString, String?)
        case header(ResponseHeader)
    }

    /// The body's JSON, nil when a value needs escaping. An absent optional is left out, as the
    /// synthesized `Encodable` does.
    static func object(_ members: [Member]) throws -> [UInt8]? {
        var capacity = 64
        for case .string(_, let value?) in members {
            guard isVerbatim(value) else { return nil }
            capacity += value.utf8.count + 32
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for member in members {
            switch member {
            case .string(let key, let value?):
                appendKey(key, first: first, to: &bytes)
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: value.utf8)
                bytes.append(UInt8(ascii: "\""))
            case .string(_, nil):
                continue
            case .header(let header):
                appendKey("header", first: first, to: &bytes)
                if header == .executedSuccess, let encoded = executedSuccessHeader {
                    bytes.append(contentsOf: encoded)
                } else {
                    bytes.append(contentsOf: try RSPJSON.encoder().encode(header))
                }
            }
            first = false
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// True when `JSONEncoder` (with `.withoutEscapingSlashes`) writes `value` as is between quotes.
    static func isVerbatim(_ value: String) -> Bool {
        value.utf8.withContiguousStorageIfAvailable(isVerbatim) ?? isVerbatim(Array(value.utf8))
    }

    private static func isVerbatim(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }

    private static func appendKey(_ key: StaticString, first: Bool, to bytes: inout [UInt8]) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// The header of nearly every answer, encoded once: a `JSONEncoder` run per answer for these
    /// fixed bytes cost more than splicing the rest saved.
    private static let executedSuccessHeader = (try? RSPJSON.encoder().encode(ResponseHeader.executedSuccess)).map(Array.init)
}

/// A flat ES9+ body `SplicedJSON` can write: its members in the order `.sortedKeys` writes them.
/// Tests compare the result with `JSONEncoder`'s for every conforming type.
protocol SplicedJSONBody: Encodable {
    var splicedMembers: [SplicedJSON.Member] { get }
}

extension InitiateAuthenticationRequestBody: SplicedJSONBody {
    var splicedMembers: [SplicedJSON.Member] {
        [.string("euiccChallenge", euiccChallenge), .string("euiccInfo1", euiccInfo1), .string("smdpAddress", smdpAddress)]
    }
}

extension InitiateAuthenticationResponseBody: SplicedJSONBody {
    var splicedMembers: [SplicedJSON.Member] {
        [.string("euiccCiPKIdToBeUsed", euiccCiPKIdToBeUsed), .header(header), .string("serverCertificate", serverCertificate),
         .string("serverSignature1", serverSignature1), .string("serverSigned1", serverSigned1),
         .string("transactionId", transactionId)]
    }
}

extension AuthenticateClientRequestBody: SplicedJSONBody {
    var splicedMembers: [SplicedJSON.Member] {
        [.string("authenticateServerResponse", authenticateServerResponse), .string("transactionId", transactionId)]
    }
}

extension AuthenticateClientResponseBody: SplicedJSONBody {
    var splicedMembers: [SplicedJSON.Member] {
        [.header(header), .string("profileMetadata", profileMetadata), .string("smdpCertificate", smdpCertificate),
         .string("smdpSignature2", smdpSignature2), .string("smdpSigned2", smdpSigned2), .string("transactionId", transactionId)]
    }
}

extension GetBoundProfilePackageRequestBody: SplicedJSONBody {
    var splicedMembers: [SplicedJSON.Member] {
        [.string("prepareDownloadResponse", prepareDownloadResponse), .string("transactionId", transactionId)]
    }
}

extension GetBoundProfilePackageResponseBody: SplicedJSONBody {
    var splicedMembers: [SplicedJSON.Member] {
        [.string("boundProfilePackage", boundProfilePackage), .header(header), .string("transactionId", transactionId)]
    }
}

extension HandleNotificationRequestBody: SplicedJSONBody {
    var splicedMembers: [SplicedJSON.Member] { [.string("pendingNotification", pendingNotification)] }
}

extension CancelSessionRequestBody: SplicedJSONBody {
    var splicedMembers: [SplicedJSON.Member] {
        [.string("cancelSessionResponse", cancelSessionResponse), .string("transactionId", transactionId)]
    }
}

extension HeaderOnlyResponseBody: SplicedJSONBody {
    var splicedMembers: [SplicedJSON.Member] { [.header(header)] }
}
