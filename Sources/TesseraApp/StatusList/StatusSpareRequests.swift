import TesseraCore
import TesseraOAuth

/// Clients whose current status block is half used, waiting for the spare-block thread to
/// reserve the next one. The token path adds a client once per block (the token that took the
/// block's middle index), so the list holds at most one entry per block in use.
final class StatusSpareRequests: @unchecked Sendable {
    // @unchecked: `waiting` is only touched under `condition`'s lock.
    private let condition = MonotonicCondition()
    private var waiting: [Client] = []

    func add(_ client: Client) {
        condition.withLock {
            waiting.append(client)
            condition.signal()
        }
    }

    /// Wakes the waiting thread (to stop).
    func wake() {
        condition.withLock { condition.signal() }
    }

    /// The clients waiting, after at most `timeout` when there are none yet.
    func take(timeout: Duration) -> [Client] {
        condition.withLock {
            if waiting.isEmpty { _ = condition.wait(until: MonotonicInstant.now() + timeout) }
            defer { waiting.removeAll(keepingCapacity: true) }
            return waiting
        }
    }
}
