import GRDB
import RSPCore

/// `ProfileRecord` ↔ a row of `profiles`.
extension ProfileRecord {
    static let insertSQL = """
        INSERT INTO profiles (iccid, profile_type, service_provider_name, profile_name, profile_class,
                              owner, upp, imported_at, template_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// A template profile is stored with an empty `upp`: its bytes live once in `profile_templates`.
    func insertArguments() throws -> StatementArguments {
        let ownBytes: [UInt8] = templateID == nil ? upp : []
        return [SQLiteColumn.text(iccid), profileType, serviceProviderName, profileName, profileClass.rawValue,
                try SQLiteColumn.blob(owner), SQLiteColumn.blob(ownBytes), SQLiteColumn.date(importedAt), templateID]
    }

    /// Reads a row; a template profile's `upp` comes from `templates` (loaded once per call).
    init(row: Row, templates: inout SQLiteTemplateCache, db: Database) throws {
        let templateID = try row.optional("template_id", as: String.self)
        self.init(
            iccid: try row.iccid("iccid"),
            profileType: try row.required("profile_type"),
            serviceProviderName: try row.required("service_provider_name"),
            profileName: try row.required("profile_name"),
            profileClass: ProfileClass(rawValue: try row.required("profile_class")),
            owner: try row.optionalOperatorID("owner"),
            upp: try templateID.map { try templates.upp(id: $0, db: db) } ?? row.bytes("upp"),
            importedAt: try row.date("imported_at"),
            templateID: templateID)
    }
}
