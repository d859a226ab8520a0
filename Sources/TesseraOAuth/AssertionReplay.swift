import Synchronization
import TesseraStore

/// Single use of client assertion `jti`s (RFC 7523 §3 item 7), keyed by client id and jti as bytes.
///
/// Every node records the jtis it accepted in memory, until each assertion's `exp`: bounded by
/// `capacity` live entries (an assertion lives at most 61 minutes; when the table is full of live
/// entries new assertions are refused with 503 rather than forgetting one early). With Redis
/// configured, a jti new to this node is also claimed there (`SET NX PX`, off the I/O thread), so a
/// replay on another node sharing the Redis fails too; the claim leaves a one-shot pass for the
/// request that made it (`admitted`), consumed when it is answered again on its I/O thread.
package final class AssertionReplay: Sendable {
    package static let defaultCapacity = 100_000
    private let seen: Mutex<[[UInt8]: Int64]>
    private let admitted: Mutex<[[UInt8]: Int64]>
    private let capacity: Int
    package let shared: (any AssertionReplayStore)?

    package init(shared: (any AssertionReplayStore)? = nil, capacity: Int = defaultCapacity) {
        self.shared = shared
        self.capacity = capacity
        seen = Mutex([:])
        admitted = Mutex([:])
    }

    /// The key of one assertion: client id, NUL, jti (ids hold no NUL).
    static func key(clientID: String, jti: String) -> [UInt8] {
        Array(clientID.utf8) + [0] + Array(jti.utf8)
    }

    enum LocalClaim {
        case first
        case replay
        case full
    }

    /// Records the jti in this node's memory until `expiresAt`.
    func claimLocally(_ key: [UInt8], expiresAt: Int64, now: Int64) -> LocalClaim {
        seen.withLock { table in
            if let previous = table[key], previous > now { return .replay }
            if table.count >= capacity {
                table = table.filter { $0.value > now }
                if table.count >= capacity { return .full }
            }
            table[key] = expiresAt
            return .first
        }
    }

    /// Forgets a local claim whose shared claim could not be made (store down): the client may retry.
    func forget(_ key: [UInt8]) {
        _ = seen.withLock { $0.removeValue(forKey: key) }
    }

    /// Leaves a pass for the request whose shared claim succeeded.
    func admit(_ key: [UInt8], expiresAt: Int64, now: Int64) {
        admitted.withLock { table in
            if table.count >= 1024 { table = table.filter { $0.value > now } }
            table[key] = expiresAt
        }
    }

    /// Takes the pass left by `admit`, if there is one.
    func takeAdmission(_ key: [UInt8]) -> Bool {
        admitted.withLock { $0.removeValue(forKey: key) != nil }
    }

    /// Live entries in memory (for tests).
    package var count: Int { seen.withLock { $0.count } }
}
