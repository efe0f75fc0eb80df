import Foundation
import ProfilePackage
import RSPCore
import RSPStore

/// The SM-DP+ inventory and its local download orders (SGP.22 §3.1.1 profile ordering, as the CLI
/// does it: released at once). Operators order over ES2+ instead (`ES2Plus/`).
extension SMDPPlus {
    /// Adds an Unprotected Profile Package to the inventory. The ICCID comes from its ProfileHeader;
    /// `profileType` defaults to the header's, else "unknown"; the SPN to "OpenRSP"; the profile
    /// name to the profile type; the class to operational.
    public func importProfile(
        upp: [UInt8], profileType: String? = nil, serviceProviderName: String? = nil, profileName: String? = nil,
        profileClass: ProfileClass? = nil, owner: OperatorID? = nil
    ) async throws -> ProfileRecord {
        let package: UnprotectedProfilePackage
        let iccid: ICCID
        do {
            package = try UnprotectedProfilePackage(der: upp)
            iccid = try package.header.iccid
        } catch {
            throw InventoryError.invalidProfilePackage("\(error)")
        }
        let type = profileType ?? package.header.profileType ?? "unknown"
        let record = ProfileRecord(
            iccid: iccid, profileType: type, serviceProviderName: serviceProviderName ?? "OpenRSP",
            profileName: profileName ?? type, profileClass: profileClass ?? .operational, owner: owner, upp: upp,
            importedAt: now)
        do {
            try await store.insertProfile(record)
        } catch StoreError.duplicate {
            throw InventoryError.duplicateICCID(iccid)
        }
        logger.info("importProfile", metadata: ["iccid": "\(iccid)", "profileType": "\(type)", "outcome": "ok"])
        return record
    }

    /// Releases a profile for download: an order in state `released` and its activation code
    /// (§4.1: "LPA:1$<SM-DP+ address>$<matchingId>$<SM-DP+ OID>[$1]").
    ///
    /// - Parameters:
    ///   - eid: when set, only this eUICC may download the profile.
    ///   - confirmationCode: when set, the download requires it; only SHA-256(code) is stored.
    ///   - matchingId: generated ("XXXXX-XXXXX-XXXXX-XXXXX", A–Z and 0–9) when nil.
    public func createOrder(
        iccid: ICCID, eid: EID? = nil, confirmationCode: String? = nil, matchingId: String? = nil, expiresAt: Date? = nil
    ) async throws -> (OrderRecord, ActivationCode) {
        guard try await store.profile(iccid: iccid, withPackage: false) != nil else { throw InventoryError.unknownICCID(iccid) }
        let id: String
        do { id = try MatchingID(matchingId ?? generateMatchingID()).value } catch {
            throw InventoryError.invalidMatchingID("\(error)")
        }
        if let confirmationCode, confirmationCode.isEmpty {
            throw InventoryError.invalidConfirmationCode("the confirmation code is empty")
        }
        let created = now
        let order = OrderRecord(
            matchingId: id, iccid: iccid, eid: eid, confirmationCodeHash: confirmationCode.map(ConfirmationCode.hash),
            confirmationCodeAttemptsLeft: configuration.confirmationCodeAttempts, state: .released,
            createdAt: created, updatedAt: created, expiresAt: expiresAt)
        do {
            try await store.insertOrder(order)
        } catch StoreError.duplicate {
            throw InventoryError.matchingIDAlreadyInUse(id)
        } catch StoreError.conflict {
            throw InventoryError.profileAlreadyOrdered(iccid)
        } catch StoreError.notFound {
            throw InventoryError.unknownICCID(iccid)
        }
        let activationCode = ActivationCode(
            smdpAddress: configuration.address, matchingID: id,
            smdpOID: StrictCoding.dottedString(configuration.smdpOID),
            confirmationCodeRequired: confirmationCode != nil)
        logger.info("createOrder", metadata: [
            "iccid": "\(iccid)", "matchingId": "\(id)", "eidBound": "\(eid != nil)",
            "ccRequired": "\(confirmationCode != nil)", "outcome": "ok",
        ])
        return (order, activationCode)
    }

    /// Every profile with its order, ordered by ICCID.
    public func inventory() async throws -> [InventoryItem] {
        try await store.inventory()
    }

    /// A random matchingId "XXXXX-XXXXX-XXXXX-XXXXX" over A–Z and 0–9 (about 103 bits), drawn
    /// without modulo bias from the configured random source.
    func generateMatchingID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let limit = UInt8(256 - 256 % alphabet.count)  // 252: reject 252…255 to stay uniform
        var characters: [Character] = []
        var rounds = 0
        while characters.count < 20 {
            rounds += 1
            // A source that keeps returning only rejected bytes (or none) must not hang the SM-DP+.
            let source = rounds <= 8 ? configuration.random(32) : SMDPConfiguration.systemRandom(32)
            for byte in source where byte < limit && characters.count < 20 {
                characters.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return stride(from: 0, to: 20, by: 5).map { String(characters[$0..<$0 + 5]) }.joined(separator: "-")
    }
}
