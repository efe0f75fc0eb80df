import RSPCore

/// Version negotiation on the LPA's side (`VersionNegotiation`): the eUICC offers its range in
/// EUICCInfo1, the server names its choice in serverSigned1 (which the eUICC verifies), and the
/// LPA — which relays both — derives the same agreement the eUICC makes, before it builds
/// ctxParams1 for AuthenticateServer.
extension LocalProfileAssistant {
    /// The session's version and features as the eUICC will accept them, from the EUICCInfo1
    /// the LPA read and the serverSigned1 it is about to relay; or why the eUICC will refuse.
    ///
    /// - Throws: `unexpectedResponse` when EUICCInfo1 states no usable range (e.g. highestSvn
    ///   below svn).
    static func negotiation(euiccInfo1: EUICCInfo1, serverSigned1: ServerSigned1) throws(LPAError)
        -> Result<VersionNegotiation.Agreement, VersionNegotiation.Refusal>
    {
        let device: VersionRange
        do {
            device = try euiccInfo1.supportedVersions
        } catch {
            throw .unexpectedResponse(function: ES10Function.getEuiccInfo1.rawValue, reason: "no usable SGP.22 version range: \(error)")
        }
        let serverVersion: SpecificationVersion?
        do {
            serverVersion = try serverSigned1.sessionContext.map { try SpecificationVersion($0.serverSvn) }
        } catch {
            throw .unexpectedResponse(function: ES9PlusFunction.initiateAuthentication.rawValue, reason: "unreadable serverSvn: \(error)")
        }
        // A card that lists no features (a v2 card) offers its version's own.
        let deviceFeatures = euiccInfo1.deviceFeatures ?? device.highest.features
        do throws(VersionNegotiation.Refusal) {
            return .success(try VersionNegotiation.accept(
                serverVersion: serverVersion,
                serverFeatures: serverSigned1.sessionContext?.features.map(RSPFeatures.init(bitString:)),
                device: device, deviceFeatures: deviceFeatures))
        } catch {
            return .failure(error)
        }
    }

    /// The one check every RSP function the LPA starts goes through: the feature must be in the
    /// session's agreement. Profile download calls it with `.profileDownload`; RPM and device
    /// change must call it with theirs before sending anything that starts them.
    public static func requireFeature(_ feature: RSPFeatures, in agreement: VersionNegotiation.Agreement) throws(LPAError) {
        guard agreement.features.isSuperset(of: feature) else {
            throw .featureNotNegotiated(feature, agreement: agreement)
        }
    }

    /// ctxParams1's operationType for `operation`: only in a session whose version has it
    /// (SGP.22 v3), never in a v2 session (a v2 server would not expect the field).
    static func operationType(
        _ operation: CtxParamsForCommonAuthentication.Operation, agreement: VersionNegotiation.Agreement?
    ) -> BitString? {
        guard let agreement, agreement.version.hasOperationType else { return nil }
        return BitString(bits: [operation.rawValue])
    }
}
