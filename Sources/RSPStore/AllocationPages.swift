import RSPCore

/// DownloadOrder by profile type over several owners (`SMDPStore.insertOrder(forProfileType:…)`):
/// the stores read each owner's available profiles from their index, a page at a time in ICCID
/// order, and this merges the pages into one ICCID order without reading any owner further than
/// the others need.
enum AllocationPages {
    /// Profiles read per owner in the first round. Its first candidate is nearly always taken (only
    /// a concurrent order can take it first), and an operator may hold many PO IDs: a full page
    /// per owner would mostly be read for nothing.
    static let firstPageSize = 8
    /// Profiles read per owner in each later round: the first one's were all taken or refused.
    static let pageSize = 64

    /// The owners' pages of one round, each read with `limit`, merged in ICCID order as far as
    /// they are complete, and where the next round starts: nil when no owner has more.
    ///
    /// A full page may have more profiles after its last one, so the round ends at the smallest
    /// last ICCID of the full pages: beyond it, a profile of that owner could be missing from the
    /// merge. Each page is read from the same `after`, so a profile past that bound is read again
    /// in the next round, which starts there.
    static func merge(
        _ pages: [[ProfileRecord]], limit: Int, key: (ProfileRecord) -> String
    ) -> (candidates: [ProfileRecord], next: String?) {
        let bound = pages.filter { $0.count >= limit }.compactMap { $0.last.map(key) }.min()
        let candidates = pages.joined().filter { profile in bound.map { key(profile) <= $0 } ?? true }
            .sorted { key($0) < key($1) }
        return (candidates, bound)
    }

    /// The 3-byte `mccMnc` of each owner, once each, in the order given: only it decides
    /// ownership (`gid1`/`gid2` are not compared).
    static func mccMncs(_ owners: [OperatorID]) -> [[UInt8]] {
        var seen = Set<[UInt8]>()
        return owners.map(\.mccMnc.bytes).filter { seen.insert($0).inserted }
    }
}
