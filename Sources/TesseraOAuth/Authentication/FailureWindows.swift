import TesseraCore

/// Failed authentications counted in fixed 60 s windows per key, in a bounded LRU: a window is
/// dropped once it closes, so an absent entry always means "under the limit", and an attacker
/// cycling keys can only evict, never grow memory. `RateLimiter` keeps two: per client id and
/// source address, and per client id from every address.
struct FailureWindows<Key: Hashable & Sendable>: Sendable {
    private struct Window: Sendable {
        var openedAt: UInt64
        var failures: Int
    }

    static var second: UInt64 { 1_000_000_000 }
    static var length: UInt64 { 60 * second }

    /// Failures within one window before the key is refused; 0 = no limit.
    let limit: Int
    private let windows: LRUCache<Key, Window>

    init(limit: Int, capacity: Int) {
        self.limit = limit
        windows = LRUCache(capacity: max(1, capacity))
    }

    /// Seconds until `key` may try again, or nil when it is under the limit.
    func retryAfter(_ key: Key, now: UInt64) -> Int? {
        guard limit > 0 else { return nil }
        return windows.update(key, now: now) { entry -> Int? in
            guard let window = entry?.value, window.failures >= limit else { return nil }
            let closesAt = window.openedAt &+ Self.length
            return max(1, Int((closesAt &- now + Self.second - 1) / Self.second))
        }
    }

    /// Counts one failure for `key`.
    func record(_ key: Key, now: UInt64) {
        guard limit > 0 else { return }
        windows.update(key, now: now) { entry in
            if entry == nil {
                entry = LRUEntry(value: Window(openedAt: now, failures: 1), expiresAt: now &+ Self.length)
            } else {
                entry!.value.failures += 1
            }
        }
    }
}

/// A client id as seen from one source address.
struct ClientAtSource: Hashable, Sendable {
    let clientID: ExactString
    let source: SourceAddress
}
