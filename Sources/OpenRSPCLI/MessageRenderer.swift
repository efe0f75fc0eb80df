import Foundation
import ProfilePackage
import RSPCore
import RSPCrypto
import X509

/// Turns the inputs `openrsp decode` accepts into a JSON tree.
struct MessageRenderer {
    var typeName: String?

    enum Failure: Error, CustomStringConvertible {
        case unknownType(String)
        case notDecodable(String)
        var description: String {
            switch self {
            case .unknownType(let name): "no SGP.22 structure named \(name) (see --list-types)"
            case .notDecodable(let why): why
            }
        }
    }

    func render(_ bytes: [UInt8]) throws -> Any {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if bytes.isEmpty || (text.isEmpty && bytes.allSatisfy { $0 < 0x80 }) {
            return [String: Any]()          // e.g. handleNotification's empty 204 body
        }
        if text.hasPrefix("{"), let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] {
            return try renderJSONBody(object)
        }
        if let exchange = HTTPExchange(text: text) {
            return exchange.json
        }
        if bytes.allSatisfy({ $0 < 0x80 }) {
            if let der = [UInt8](hex: text.filter { !$0.isWhitespace }) { return try renderDER(der) }
            if let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) { return try renderDER(Array(data)) }
        }
        return try renderDER(bytes)
    }

    func renderDER(_ der: [UInt8]) throws -> Any {
        if let typeName {
            guard let entry = MessageCatalogue.entry(named: typeName) else { throw Failure.unknownType(typeName) }
            return ["type": entry.name, "value": try Self.tree(try entry.decode(der))]
        }
        if der.first == 0xA0, let upp = try? UnprotectedProfilePackage(der: der) {
            return [
                "type": "UnprotectedProfilePackage",
                "value": [
                    "header": try Self.tree(upp.header),
                    "iccid": (try? upp.header.iccid.paddedDigits) ?? upp.header.iccidDigits,
                    "elements": upp.elements.map { ["kind": $0.kind, "length": $0.der.count] },
                ] as [String: Any],
            ]
        }
        let (name, value) = try MessageCatalogue.decode(der)
        return ["type": name, "value": try Self.tree(value)]
    }

    /// An ES9+/ES11 JSON body: base64 DER fields become decoded structures.
    func renderJSONBody(_ body: [String: Any]) throws -> Any {
        var out: [String: Any] = [:]
        for (key, value) in body {
            guard let base64 = value as? String else {
                out[key] = value
                continue
            }
            if key == "euiccChallenge", let data = Data(base64Encoded: base64) {
                out[key] = Array(data).hexString
            } else if let typeName = MessageCatalogue.jsonFields[key] {
                guard let data = Data(base64Encoded: base64) else {
                    throw Failure.notDecodable("field \(key) is not base64")
                }
                let der = Array(data)
                guard !der.isEmpty else {
                    out[key] = ""
                    continue
                }
                let entry = MessageCatalogue.entry(named: typeName)
                let decoded = try entry.map { try $0.decode(der) } ?? MessageCatalogue.decode(der).value
                out[key] = ["type": typeName, "value": try Self.tree(decoded)]
            } else {
                out[key] = base64
            }
        }
        return out
    }

    static func tree(_ value: any Encodable) throws -> Any {
        let encoder = JSONEncoder()
        encoder.userInfo[CertificateDER.describerKey] = CertificateSummary.describer
        let data = try encoder.encode(value)
        return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    static func json(_ tree: Any) throws -> Data {
        try JSONSerialization.data(
            withJSONObject: tree, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
    }
}

/// Subject, issuer, serial and validity of a certificate, for JSON renderings.
enum CertificateSummary {
    static let describer: CertificateDER.Describer = { der in
        guard let certificate = try? Certificate(derEncoded: der) else { return ["error": "not an X.509 certificate"] }
        return [
            "subject": certificate.subject.description,
            "issuer": certificate.issuer.description,
            "serial": certificate.serialNumber.description,
            "notValidBefore": ISO8601DateFormatter().string(from: certificate.notValidBefore),
            "notValidAfter": ISO8601DateFormatter().string(from: certificate.notValidAfter),
        ]
    }
}

/// A recorded HTTP exchange (request line and headers, then response status and headers),
/// as in the vectors' `.http.txt` files.
struct HTTPExchange {
    var json: [String: Any]

    init?(text: String) {
        let lines = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\r")) }
        guard let first = lines.first, first.hasPrefix("POST ") || first.hasPrefix("GET ") || first.hasPrefix("HTTP/") else {
            return nil
        }
        var messages: [[String: Any]] = []
        var current: [String: Any]?
        var headers: [String: String] = [:]
        func flush() {
            if var message = current {
                message["headers"] = headers
                messages.append(message)
            }
            current = nil
            headers = [:]
        }
        for line in lines {
            if line.hasPrefix("HTTP/") || line.hasPrefix("POST ") || line.hasPrefix("GET ") {
                flush()
                current = ["startLine": line]
            } else if let colon = line.firstIndex(of: ":"), current != nil {
                headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        flush()
        var json: [String: Any] = ["type": "HTTPExchange"]
        if let request = messages.first(where: { ($0["startLine"] as? String)?.hasPrefix("HTTP/") == false }) {
            json["request"] = request
        }
        if let response = messages.first(where: { ($0["startLine"] as? String)?.hasPrefix("HTTP/") == true }) {
            json["response"] = response
        }
        self.json = json
    }
}
