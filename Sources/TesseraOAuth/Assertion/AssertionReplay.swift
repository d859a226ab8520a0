import TesseraCore
import TesseraJOSE
import TesseraStore

/// Single use of client assertion `jti`s (RFC 7523 §3 item 7), keyed by client id and jti as bytes.
///
/// Every node records the jtis it accepted in memory, until each assertion's `exp`, as a SHA-256 of
/// client id and jti held inline (about 60 bytes an entry): bounded by `capacity` live entries (an
/// assertion lives at most 61 minutes). When the table is full of live entries, new assertions are
/// refused with 503 in embedded mode rather than forgetting one early; with Redis, Redis alone
/// decides for them (`SET NX` is the shared truth, the memory only a shortcut). With Redis
/// configured, a jti new to this node is also claimed there (`SET NX PX`, off the I/O thread), so a
/// replay on another node sharing the Redis fails too. A claim made leaves a pass (`admitted`) for
/// the one HTTP request that made it (`ClientCredentials.attempt`), so answering that request again
/// -- after the shared claim, or after another trip off the I/O thread -- does not read as a replay;
/// another request with the same assertion has another attempt number and no pass. Passes last a
/// minute at most.
package final class AssertionReplay: Sendable {
    package static let defaultCapacity = 500_000
    private struct Seen {
        var table: [Digest32: Int64] = [:]
        /// When the table was last swept: a full table is swept at most once a second, so a flood
        /// at capacity costs O(1) per refused assertion, not a scan each.
        var sweptAt: Int64 = .min
    }

    private let seen: Locked<Seen>
    private let admitted: Locked<[[UInt8]: Int64]>
    private let capacity: Int
    package let shared: (any AssertionReplayStore)?

    package init(shared: (any AssertionReplayStore)? = nil, capacity: Int = defaultCapacity) {
        self.shared = shared
        self.capacity = capacity
        seen = Locked(Seen())
        admitted = Locked([:])
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
        let key = TokenDigest.of(key)
        return seen.withLock { state in
            if let previous = state.table[key], previous > now { return .replay }
            if state.table.count >= capacity {
                guard state.sweptAt < now else { return .full }
                state.sweptAt = now
                state.table = state.table.filter { $0.value > now }
                if state.table.count >= capacity { return .full }
            }
            state.table[key] = expiresAt
            return .first
        }
    }

    /// Forgets a local claim whose shared claim could not be made (store down): the client may retry.
    func forget(_ key: [UInt8]) {
        let key = TokenDigest.of(key)
        _ = seen.withLock { $0.table.removeValue(forKey: key) }
    }

    /// The key of one request's pass: the assertion key and the request's attempt number.
    static func admission(_ key: [UInt8], attempt: UInt64) -> [UInt8] {
        withUnsafeBytes(of: attempt.littleEndian) { key + Array($0) }
    }

    /// Leaves a pass for the request that claimed the jti, until `min(exp, now + 60)`.
    func admit(_ admission: [UInt8], expiresAt: Int64, now: Int64) {
        admitted.withLock { table in
            if table.count >= 1024 && table.count % 1024 == 0 { table = table.filter { $0.value > now } }
            table[admission] = min(expiresAt, now + 60)
        }
    }

    /// True when this request already claimed the jti.
    func isAdmitted(_ admission: [UInt8], now: Int64) -> Bool {
        admitted.withLock { ($0[admission] ?? 0) > now }
    }

    /// Live entries in memory (for tests).
    package var count: Int { seen.withLock { $0.table.count } }
}
