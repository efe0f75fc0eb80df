import NIOCore
import Synchronization

/// The open vpcd connections of a card server, so that shutdown can close them: a reader
/// keeps its connection open for as long as it runs, so waiting for it would never end.
final class VPCDConnectionRegistry: Sendable {
    private let state = Mutex<(closing: Bool, channels: [ObjectIdentifier: any Channel])>((false, [:]))

    /// Registers a connection; false (and the channel is closed) once shutdown began.
    func add(_ channel: any Channel) -> Bool {
        let accepted = state.withLock { state in
            guard !state.closing else { return false }
            state.channels[ObjectIdentifier(channel)] = channel
            return true
        }
        if !accepted { channel.close(promise: nil) }
        return accepted
    }

    func remove(_ channel: any Channel) {
        _ = state.withLock { $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    func closeAll() {
        let channels = state.withLock { state in
            state.closing = true
            return Array(state.channels.values)
        }
        for channel in channels { channel.close(promise: nil) }
    }
}
