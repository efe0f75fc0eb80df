/// An SGP.22 Activation Code (§4.1): `LPA:1$<SM-DP+ address>$<AC_Token>[$<SM-DP+ OID>[$<CC required flag>]]`.
///
/// The "LPA:" prefix is what a QR code carries; the rest (starting at the format
/// "1") is the activation code proper. An empty OID field is allowed
/// (`LPA:1$host$token$$1`). SGP.22 v2.2.2 defines only format "1".
public struct ActivationCode: Hashable, Sendable, Codable, CustomStringConvertible {
    public var smdpAddress: String
    /// The AC_Token: becomes the `matchingId` of ES9+.AuthenticateClient.
    public var matchingID: String
    public var smdpOID: String?
    public var confirmationCodeRequired: Bool

    public init(smdpAddress: String, matchingID: String, smdpOID: String? = nil, confirmationCodeRequired: Bool = false) {
        self.smdpAddress = smdpAddress
        self.matchingID = matchingID
        self.smdpOID = smdpOID
        self.confirmationCodeRequired = confirmationCodeRequired
    }

    /// Parses the text of a QR code or of the manual entry field, with or without "LPA:".
    public init(parsing text: String) throws {
        var body = Substring(text.trimmingWhitespace())
        if body.uppercased().hasPrefix("LPA:") { body = body.dropFirst(4) }
        let fields = body.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 3, fields.count <= 5 else {
            throw IdentifierError.invalidActivationCode("an activation code has 3 to 5 '$'-separated fields: \(text)")
        }
        guard fields[0] == "1" else {
            throw IdentifierError.invalidActivationCode("unsupported activation code format '\(fields[0])'")
        }
        guard Self.isServerAddress(fields[1]) else {
            throw IdentifierError.invalidActivationCode("SM-DP+ address is not a host name: '\(fields[1])'")
        }
        let matchingID = try MatchingID(fields[2]).value
        var oid: String?
        if fields.count >= 4, !fields[3].isEmpty {
            guard Self.isOID(fields[3]) else {
                throw IdentifierError.invalidActivationCode("SM-DP+ OID is not an OID: '\(fields[3])'")
            }
            oid = fields[3]
        }
        var ccRequired = false
        if fields.count == 5 {
            switch fields[4] {
            case "1": ccRequired = true
            case "0", "": ccRequired = false
            default: throw IdentifierError.invalidActivationCode("confirmation code flag must be 0 or 1: '\(fields[4])'")
            }
        }
        self.init(smdpAddress: fields[1], matchingID: matchingID, smdpOID: oid, confirmationCodeRequired: ccRequired)
    }

    /// The canonical text, with the "LPA:" prefix, omitting trailing empty fields.
    public var description: String {
        var fields = ["1", smdpAddress, matchingID]
        if confirmationCodeRequired {
            fields += [smdpOID ?? "", "1"]
        } else if let smdpOID {
            fields.append(smdpOID)
        }
        return "LPA:" + fields.joined(separator: "$")
    }

    /// An FQDN, optionally followed by ":port" — an OpenRSP extension for servers not on 443
    /// (test labs, `openrsp serve --port`); the LPA connects to that port.
    public static func isServerAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return isFQDN(text)
        case 2: return isFQDN(String(parts[0])) && UInt16(parts[1]).map { $0 > 0 } == true
        default: return false
        }
    }

    static func isFQDN(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    static func isOID(_ text: String) -> Bool {
        let arcs = text.split(separator: ".", omittingEmptySubsequences: false)
        return arcs.count >= 2 && arcs.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(scalars[first...last])
    }
}
