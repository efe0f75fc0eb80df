import Foundation
import RSPCore
import RSPStore

/// ES2+.DownloadOrder (SGP.22 v2.2.2 §5.3.1; §3.1.1 profile ordering, step 1).
///
/// Reserves one profile the operator owns — the one its ICCID names, or the first available one
/// of a profile type — optionally for one EID. The order is `linked` (EID given) or `allocated`,
/// carries a random matchingId nobody is told (ConfirmOrder keeps or replaces it) and cannot be
/// downloaded before it is released. Answers the profile's ICCID.
extension SMDPPlus {
    public func downloadOrder(_ request: DownloadOrderRequest, caller: ES2PlusCaller) async throws -> DownloadOrderResponse {
        try await es2Plus("downloadOrder", request, caller: caller) { requester, call in
            let recording = call.recording { order in DownloadOrderResponse(iccid: order.iccid) }
            let order: OrderRecord
            if let iccid = request.iccid {
                order = try await reserveProfile(
                    iccid, profileType: request.profileType, eid: request.eid, for: requester, recording: recording)
            } else if let profileType = request.profileType {
                order = try await reserveProfile(ofType: profileType, eid: request.eid, for: requester, recording: recording)
            } else {
                throw StatusCode.mandatoryElementMissing.with(message: "DownloadOrder needs an ICCID or a profileType")
            }
            logger.info("downloadOrder reserved", metadata: [
                "iccid": "\(order.iccid)", "state": "\(order.state.rawValue)", "operator": "\(requester.name)",
            ])
            return DownloadOrderResponse(iccid: order.iccid)
        }
    }

    /// By ICCID: the profile must exist (8.2.1/3.9), be the operator's (8.2.1/1.2) and have no
    /// active order (8.2.1/3.3). A profileType given too must be the profile's: SGP.22 defines no
    /// code for that contradiction, so it is answered as an unknown profile type (8.2.5/3.9).
    func reserveProfile(
        _ iccid: ICCID, profileType: String?, eid: EID?, for requester: OperatorRecord, recording: FunctionCallRecording?
    ) async throws -> OrderRecord {
        let profile = try await ownedProfile(iccid, by: requester)
        if let profileType, profileType != profile.profileType {
            throw StatusCode.unknownProfileType.with(message: "The profile \(iccid) is not of profile type \(profileType)")
        }
        let order = newOrder(for: profile, eid: eid, placedBy: requester)
        do {
            try await store.insertOrder(order, recording: recording)
        } catch StoreError.conflict {
            throw StatusCode.iccidAlreadyInUse.with(message: "The profile \(iccid) already has a download order")
        } catch StoreError.notFound {
            throw StatusCode.unknownICCID
        }
        return order
    }

    /// By profile type: the operator must be allowed the type (8.2.5/1.2); the first available
    /// profile of it that the operator owns is reserved in one transaction. None left → 8.2.5/3.7
    /// if the type exists, else 8.2.5/3.9.
    func reserveProfile(
        ofType profileType: String, eid: EID?, for requester: OperatorRecord, recording: FunctionCallRecording?
    ) async throws -> OrderRecord {
        if !requester.profileTypes.isEmpty, !requester.profileTypes.contains(profileType) {
            throw StatusCode.profileTypeNotAllowed
        }
        let reserved = try await store.insertOrder(
            forProfileType: profileType, owners: Self.ownerIDs(of: requester), accept: { Self.owns(requester, $0) },
            make: { profile in newOrder(for: profile, eid: eid, placedBy: requester) }, recording: recording)
        if let reserved { return reserved }
        if try await store.profileTypeExists(profileType) { throw StatusCode.profileTypeUnavailable }
        throw StatusCode.unknownProfileType
    }

    /// A fresh ES2+ order: hidden random matchingId, `linked` or `allocated`, the configured
    /// confirmation code attempts and order lifetime.
    func newOrder(for profile: ProfileRecord, eid: EID?, placedBy requester: OperatorRecord) -> OrderRecord {
        let created = now
        return OrderRecord(
            matchingId: generateMatchingID(), iccid: profile.iccid, eid: eid, confirmationCodeHash: nil,
            confirmationCodeAttemptsLeft: configuration.confirmationCodeAttempts, state: eid == nil ? .allocated : .linked,
            createdAt: created, updatedAt: created,
            expiresAt: configuration.orderLifetime.map { created.addingTimeInterval($0) },
            operatorName: requester.name)
    }
}
