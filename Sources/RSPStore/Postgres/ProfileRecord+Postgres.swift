import PostgresNIO
import RSPCore

/// `ProfileRecord` ↔ a row of `profiles`.
extension ProfileRecord {
    /// A template profile is stored with an empty `upp`: its bytes live once in `profile_templates`.
    func postgresInsert() throws -> PostgresQuery {
        let owner = try PostgresColumn.bytes(owner)
        let ownBytes = templateID == nil ? upp : []
        return """
            INSERT INTO profiles (iccid, profile_type, service_provider_name, profile_name, profile_class, owner, upp,
                                  imported_at, template_id)
            VALUES (\(PostgresColumn.text(iccid)), \(profileType), \(serviceProviderName), \(profileName),
                    \(profileClass.rawValue), \(owner), \(PostgresColumn.bytes(ownBytes)), \(PostgresColumn.date(importedAt)),
                    \(templateID))
            """
    }

    /// Reads a row; a template profile's `upp` is taken from `templates` (one array per template,
    /// shared by every row of the call), or from the row's `template_upp` column when joined.
    init(row: PostgresRandomAccessRow, templates: [String: [UInt8]]) throws {
        let templateID = try row.optional("template_id", as: String.self)
        let upp: [UInt8]
        if let templateID {
            if let shared = templates[templateID] { upp = shared } else if row.contains("template_upp") {
                upp = try row.bytes("template_upp")
            } else {
                throw PostgresColumn.CorruptRow(column: "template_id")
            }
        } else {
            upp = try row.bytes("upp")
        }
        self.init(
            iccid: try row.iccid("iccid"),
            profileType: try row.required("profile_type"),
            serviceProviderName: try row.required("service_provider_name"),
            profileName: try row.required("profile_name"),
            profileClass: ProfileClass(rawValue: try row.required("profile_class")),
            owner: try row.optionalOperatorID("owner"),
            upp: upp,
            importedAt: try row.date("imported_at"),
            templateID: templateID)
    }

    /// The records of `rows`, loading each template they name once, in the caller's transaction.
    static func load(_ rows: [PostgresRandomAccessRow], in transaction: PostgresTransaction) async throws -> [ProfileRecord] {
        var ids = Set<String>()
        for row in rows { if let id = try row.optional("template_id", as: String.self) { ids.insert(id) } }
        var templates: [String: [UInt8]] = [:]
        if !ids.isEmpty {
            for row in try await transaction.rows("SELECT id, upp FROM profile_templates WHERE id = ANY(\(Array(ids)))") {
                templates[try row.required("id", as: String.self)] = try row.bytes("upp")
            }
        }
        return try rows.map { try ProfileRecord(row: $0, templates: templates) }
    }
}
