import Hummingbird
import Logging
import Synchronization

/// The request context of OpenRSP's HTTP servers.
///
/// `call` is shared by reference between the route handler and the middleware around it:
/// the handler records the transaction id it saw, the middleware writes the one log line of
/// the request (function, transaction id, status) after the handler returned.
public struct RSPRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let call: FunctionCallRecord

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.call = FunctionCallRecord()
    }
}

/// What the log line of one function call says; never holds secrets.
public final class FunctionCallRecord: Sendable {
    private let state = Mutex<String?>(nil)

    public init() {}

    public var transactionId: String? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
