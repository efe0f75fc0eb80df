import RSPCore

/// The Rules Authorisation Table check (SGP.22 §2.9.2.2): a profile may carry a PPR only if a rule
/// for that PPR lists its owner among the allowed operators.
enum RulesAuthorisation {
    /// Whether every PPR set in `pprs` is allowed for `owner` (no PPRs: always allowed).
    static func allows(_ pprs: BitString?, owner: OperatorID?, rat: [ProfilePolicyAuthorisationRule]) -> Bool {
        let wanted = (pprs?.setBits ?? []).filter { $0 == PprIdsBit.ppr1 || $0 == PprIdsBit.ppr2 }
        guard !wanted.isEmpty else { return true }
        guard let owner else { return false }
        return wanted.allSatisfy { ppr in
            rat.contains { rule in
                rule.pprIds.contains(ppr) && rule.allowedOperators.contains { matches($0, owner) }
            }
        }
    }

    /// An allowed operator matches when each MCC/MNC nibble is equal or the rule's nibble is 'E'
    /// (wildcard), and GID1/GID2, when the rule has them, are equal.
    static func matches(_ allowed: OperatorID, _ owner: OperatorID) -> Bool {
        guard allowed.mccMnc.count == owner.mccMnc.count else { return false }
        for (a, o) in zip(allowed.mccMnc.bytes, owner.mccMnc.bytes) {
            for shift in [UInt8(0), 4] {
                let nibble = (a >> shift) & 0x0F
                if nibble != 0x0E, nibble != (o >> shift) & 0x0F { return false }
            }
        }
        if let gid1 = allowed.gid1, gid1 != owner.gid1 { return false }
        if let gid2 = allowed.gid2, gid2 != owner.gid2 { return false }
        return true
    }
}
