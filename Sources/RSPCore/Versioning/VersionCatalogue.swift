/// The one place that says what each SGP.22 version OpenRSP knows can do.
extension SpecificationVersion {
    /// The functions version `self` defines: 2.x profile download; 3.x (and later) also remote
    /// profile management and device change. Versions before 2 are treated as 2.
    public var features: RSPFeatures {
        major >= 3 ? [.profileDownload, .rpm, .deviceChange] : [.profileDownload]
    }

    /// Whether AuthenticateClient carries an operation type (download vs. RPM): from v3 on.
    public var hasOperationType: Bool { major >= 3 }

    public static let sgp22v3_0_0 = SpecificationVersion(3, 0, 0)
    public static let sgp22v3_1_0 = SpecificationVersion(3, 1, 0)
}
