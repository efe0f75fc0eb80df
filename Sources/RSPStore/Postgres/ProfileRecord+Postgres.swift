import PostgresNIO
import RSPCore

/// `ProfileRecord` ↔ a row of `profiles`.
extension ProfileRecord {
    func postgresInsert() throws -> PostgresQuery {
        let owner = try PostgresColumn.bytes(owner)
        return """
            INSERT INTO profiles (iccid, profile_type, service_provider_name, profile_name, profile_class, owner, upp,
                                  imported_at)
            VALUES (\(PostgresColumn.text(iccid)), \(profileType), \(serviceProviderName), \(profileName),
                    \(profileClass.rawValue), \(owner), \(PostgresColumn.bytes(upp)), \(PostgresColumn.date(importedAt)))
            """
    }

    init(row: PostgresRandomAccessRow) throws {
        self.init(
            iccid: try row.iccid("iccid"),
            profileType: try row.required("profile_type"),
            serviceProviderName: try row.required("service_provider_name"),
            profileName: try row.required("profile_name"),
            profileClass: ProfileClass(rawValue: try row.required("profile_class")),
            owner: try row.optionalOperatorID("owner"),
            upp: try row.bytes("upp"),
            importedAt: try row.date("imported_at"))
    }
}
