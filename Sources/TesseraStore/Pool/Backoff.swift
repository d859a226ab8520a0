import TesseraCore

/// How long a pool waits before the next connect after `failures` failed ones in a row: capped
/// exponential growth (base * 2^(failures-1), at most cap), each delay drawn with jitter from
/// [delay/2, delay] so that many nodes do not reconnect in step. A value, so that each store
/// carries its own (Redis from `cache.redis`, PostgreSQL 50 ms / 1 s) and tests can reason about it.
package struct Backoff: Sendable, Equatable {
    package var base: Duration
    package var cap: Duration

    package init(base: Duration, cap: Duration) {
        (self.base, self.cap) = (base, cap)
    }

    /// The longest delay after `failures` failures (the jitter draws at most this, at least half).
    package func ceiling(afterFailures failures: Int) -> Duration {
        .nanoseconds(Int64(clamping: ceilingNanoseconds(afterFailures: failures)))
    }

    package func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceilingNanoseconds(afterFailures: failures)
        guard ceiling > 1 else { return .nanoseconds(Int64(clamping: ceiling)) }
        return .nanoseconds(Int64(clamping: ceiling / 2 + UInt64.random(in: 0...(ceiling / 2), using: &generator)))
    }

    /// The same with the system generator. Not through `delay(afterFailures:using:)` with a local
    /// `SystemRandomNumberGenerator`: that struct has no stored bytes, so every thread's `inout`
    /// access lands on the one address Swift gives empty values, which ThreadSanitizer reports as
    /// a race between two pools backing off at once.
    package func delay(afterFailures failures: Int) -> Duration {
        let ceiling = ceilingNanoseconds(afterFailures: failures)
        guard ceiling > 1 else { return .nanoseconds(Int64(clamping: ceiling)) }
        return .nanoseconds(Int64(clamping: ceiling / 2 + UInt64.random(in: 0...(ceiling / 2))))
    }

    /// The doubling itself is done on whole nanoseconds (a shift, capped).
    private func ceilingNanoseconds(afterFailures failures: Int) -> UInt64 {
        let exponent = UInt64(min(max(failures - 1, 0), 30))
        let base = base.nanoseconds
        let shifted = base.leadingZeroBitCount > exponent ? base << exponent : .max
        return min(cap.nanoseconds, shifted)
    }
}
