import Foundation
@testable import RSPStore
import Testing

@Suite("ProfileLifecycleState")
struct ProfileLifecycleStateTests {
    /// The partial index `orders_pending_by_expiry` was created with this list and the expiry
    /// sweep repeats it: a state that becomes pending needs a new index, not an edited list.
    @Test("the SQL list of pending states names exactly the pending states")
    func pendingSQLList() {
        let listed = ProfileLifecycleState.pendingSQLList.split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
        #expect(Set(listed) == Set(ProfileLifecycleState.allCases.filter(\.isPending).map(\.rawValue)))
        #expect(listed.count == 4)
    }
}
