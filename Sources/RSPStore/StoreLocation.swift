import Foundation

/// Where an `openrsp serve` node keeps the SM-DP+'s and the SM-DS's state: the embedded SQLite
/// files of its data directory (the default, one machine), or a PostgreSQL database shared by
/// every node (scale-out, ARCHITECTURE.md).
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(dataDirectory: URL)
    case postgres(PostgresURL)

    /// `nil`, "" or "sqlite": the SQLite files in `dataDirectory`; "postgres://…" or
    /// "postgresql://…": that database (see `PostgresURL`).
    public init(parsing text: String?, dataDirectory: URL) throws {
        guard let text, !text.isEmpty, text.lowercased() != "sqlite" else {
            self = .sqlite(dataDirectory: dataDirectory)
            return
        }
        self = .postgres(try PostgresURL(parsing: text))
    }

    /// Never shows a password.
    public var description: String {
        switch self {
        case .sqlite(let directory): "sqlite:\(directory.path)"
        case .postgres(let url): url.description
        }
    }
}

/// A PostgreSQL connection URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]`
/// (libpq's form, so the URL an operator already has works unchanged). `sslmode` disable (the
/// default on loopback), prefer or require; require refuses a server without TLS.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, Hashable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else { throw Invalid(description: "not a postgres:// URL") }
        guard let host = components.host, !host.isEmpty else { throw Invalid(description: "the URL names no host") }
        guard let user = components.user, !user.isEmpty else { throw Invalid(description: "the URL names no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw Invalid(description: "the URL names no database") }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value ?? "" {
            case "disable", "allow": tls = .disable
            case "prefer": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw Invalid(description: "unknown sslmode \(item.value ?? "")")
            }
        }
        guard (1...65535).contains(components.port ?? 5432) else { throw Invalid(description: "port out of range") }
        self.init(host: host, port: components.port ?? 5432, user: user,
                  password: components.password?.removingPercentEncoding ?? components.password,
                  database: database.removingPercentEncoding ?? database, tls: tls)
    }

    /// The URL without its password.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)\(tls == .disable ? "" : "?sslmode=\(tls.rawValue)")"
    }
}
