import TesseraCore

/// Holds the current `AppState`; a reload swaps it while requests keep reading the old one.
final class StateBox: Sendable {
    private let state: Locked<AppState>

    init(_ initial: AppState) {
        state = Locked(initial)
    }

    var current: AppState { state.withLock { $0 } }

    func replace(_ next: AppState) {
        state.withLock { $0 = next }
    }
}
