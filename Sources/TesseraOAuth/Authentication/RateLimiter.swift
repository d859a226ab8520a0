import Synchronization
import TesseraCore
import TesseraStore

/// Token buckets per client id and authentication-failure windows (`FailureWindows`) per client
/// id and source address and per client id, kept in bounded LRUs: a bucket is dropped once it
/// would be full again and a window once it closes, so an absent entry always means "no limit
/// reached", and an attacker cycling ids or addresses can only evict, never grow memory.
package final class RateLimiter: Sendable {
    private struct Bucket: Sendable {
        var tokens: Double
        var updatedAt: UInt64
    }

    private static let second: UInt64 = 1_000_000_000

    package let limits: RateLimits
    private let clock: MonotonicClock
    private let buckets: LRUCache<ExactString, Bucket>
    private let failuresAtSource: FailureWindows<ClientAtSource>
    private let failuresOfClient: FailureWindows<ExactString>
    /// When the latest authentication failure was recorded (clock nanoseconds, at least 1; 0 for
    /// never). No failure within one window's length means no client id can be at a limit, so
    /// the check before every authentication reads this one rarely written word instead of
    /// hashing the id and locking a shard that both I/O threads would fight over.
    private let latestFailure = Atomic<UInt64>(0)

    package init(limits: RateLimits, capacity: Int, clock: MonotonicClock = .system) {
        self.limits = limits
        self.clock = clock
        buckets = LRUCache(capacity: max(1, capacity))
        failuresAtSource = FailureWindows(limit: limits.authFailuresPerMinute, capacity: capacity)
        failuresOfClient = FailureWindows(limit: limits.authFailuresPerMinutePerClient, capacity: capacity)
    }

    /// Takes one request from the client's bucket: nil when admitted, else seconds to wait. Called
    /// once per request (a deferred authentication admits in its phase two, never twice).
    package func admit(clientID: String) -> Int? { admit(clientID: clientID, rate: nil) }

    /// `admit` at the client's own rate when it has one (`clients[].rate`), else the configured one.
    package func admit(clientID: String, rate own: ClientRate?) -> Int? {
        let rps = own?.rps ?? limits.perClientRPS
        guard rps > 0 else { return nil }
        let burst = own?.burst ?? limits.perClientBurst
        let rate = Double(rps)
        let capacity = Double(rps + max(0, burst))
        let now = clock.nanoseconds()
        return buckets.update(ExactString(clientID), now: now) { entry -> Int? in
            var tokens = capacity
            if let bucket = entry?.value {
                let elapsed = Double(now &- bucket.updatedAt) / Double(Self.second)
                tokens = min(capacity, bucket.tokens + elapsed * rate)
            }
            var retryAfter: Int? = nil
            if tokens >= 1 {
                tokens -= 1
            } else {
                retryAfter = max(1, Int(((1 - tokens) / rate).rounded(.up)))
            }
            let untilFull = UInt64(((capacity - tokens) / rate) * Double(Self.second)) + 1
            entry = LRUEntry(value: Bucket(tokens: tokens, updatedAt: now), expiresAt: now &+ untilFull)
            return retryAfter
        }
    }

    /// Seconds until the client id may try to authenticate again from `source`, or nil when it is
    /// under both limits: its failures from that address, and its failures from every address.
    package func authenticationRetryAfter(clientID: String, source: SourceAddress) -> Int? {
        guard limits.authFailuresPerMinute > 0 || limits.authFailuresPerMinutePerClient > 0 else { return nil }
        // No failure ever recorded: nothing to count, and no clock to read (one vDSO call, ~23 ns).
        let latest = latestFailure.load(ordering: .acquiring)
        if latest == 0 { return nil }
        let now = clock.nanoseconds()
        if now >= latest &+ FailureWindows<ExactString>.length { return nil }
        let id = ExactString(clientID)
        let here = failuresAtSource.retryAfter(ClientAtSource(clientID: id, source: source), now: now)
        let everywhere = failuresOfClient.retryAfter(id, now: now)
        guard let here else { return everywhere }
        return max(here, everywhere ?? 0)
    }

    /// Counts one failed authentication for the client id (known or not) from `source`.
    package func recordAuthenticationFailure(clientID: String, source: SourceAddress) {
        guard limits.authFailuresPerMinute > 0 || limits.authFailuresPerMinutePerClient > 0 else { return }
        let now = clock.nanoseconds()
        // Published before the windows are counted, so a check that sees a count sees this too.
        latestFailure.raise(to: max(now, 1))
        let id = ExactString(clientID)
        failuresAtSource.record(ClientAtSource(clientID: id, source: source), now: now)
        failuresOfClient.record(id, now: now)
    }
}
