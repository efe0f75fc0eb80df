import GRDB
import RSPCore

/// `ProfileRecord` ↔ a row of `profiles`.
extension ProfileRecord {
    static let insertSQL = """
        INSERT INTO profiles (iccid, profile_type, service_provider_name, profile_name, profile_class,
                              owner, upp, imported_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    func insertArguments() throws -> StatementArguments {
        [SQLiteColumn.text(iccid), profileType, serviceProviderName, profileName, profileClass.rawValue,
         try SQLiteColumn.blob(owner), SQLiteColumn.blob(upp), SQLiteColumn.date(importedAt)]
    }

    init(row: Row) throws {
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
