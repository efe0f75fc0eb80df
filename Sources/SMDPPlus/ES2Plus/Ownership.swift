import RSPCore
import RSPStore

/// Which profiles and orders an operator may act on (SGP.22 §5.3: "the SM-DP+ SHALL verify that
/// the Function Requester is allowed to act on the Profile").
///
/// An operator owns a profile when the profile's owner (StoreMetadata profileOwner, printed
/// "MCC-MNC") is one of its PO IDs and — when it is limited to some profile types — the profile
/// is of one of them. An order placed over ES2+ belongs to the operator that placed it; a local
/// order (the CLI's, no operator) may be handled by any owner of its profile.
extension SMDPPlus {
    /// Whether `requester` owns `profile`.
    static func owns(_ requester: OperatorRecord, _ profile: ProfileRecord) -> Bool {
        guard let owner = profile.owner else { return false }
        guard requester.poIds.contains("\(owner.mcc)-\(owner.mnc)") else { return false }
        return requester.profileTypes.isEmpty || requester.profileTypes.contains(profile.profileType)
    }

    /// The owners whose profiles `requester` may order: one per PO ID ("MCC-MNC", checked when the
    /// operator was registered; one that does not parse names no owner).
    static func ownerIDs(of requester: OperatorRecord) -> [OperatorID] {
        requester.poIds.compactMap { poId in
            let parts = poId.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return try? OperatorID(mcc: String(parts[0]), mnc: String(parts[1]))
        }
    }

    /// The profile `iccid` names, without its package, if `requester` owns it: `unknownICCID`
    /// (8.2.1/3.9) when there is none, `iccidNotAllowed` (8.2.1/1.2) when it belongs to someone else.
    func ownedProfile(_ iccid: ICCID, by requester: OperatorRecord) async throws -> ProfileRecord {
        guard let profile = try await store.profile(iccid: iccid, withPackage: false) else { throw StatusCode.unknownICCID }
        guard Self.owns(requester, profile) else { throw StatusCode.iccidNotAllowed }
        return profile
    }

    /// The profile's active order, which `requester` may act on: `profileStateRefused` (8.2.1/3.8)
    /// when the profile has none, `iccidNotAllowed` when another operator placed it.
    func ownedOrder(_ iccid: ICCID, by requester: OperatorRecord) async throws -> OrderRecord {
        guard let order = try await store.activeOrder(iccid: iccid) else {
            throw StatusCode.profileStateRefused.with(message: "The Profile has no download order")
        }
        try Self.checkPlacedBy(order, requester)
        return order
    }

    /// Only the operator that placed an order acts on it; a local order (no operator) is open to
    /// every owner of its profile.
    static func checkPlacedBy(_ order: OrderRecord, _ requester: OperatorRecord) throws(StatusCode) {
        if let placedBy = order.operatorName, placedBy != requester.name {
            throw StatusCode.iccidNotAllowed.with(message: "The download order was placed by another operator")
        }
    }

    /// `profileStateRefused` naming the state, unless the order is in one of `states`.
    static func checkState(_ order: OrderRecord, in states: Set<ProfileLifecycleState>, for function: String) throws(StatusCode) {
        guard states.contains(order.state) else {
            throw StatusCode.profileStateRefused.with(message: "The Profile is \(order.state.rawValue): \(function) is refused")
        }
    }
}
