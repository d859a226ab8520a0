/// How long a pool waits before the next connect after `failures` failed ones in a row: capped
/// exponential growth (base * 2^(failures-1), at most cap), each delay drawn with jitter from
/// [delay/2, delay] so that many nodes do not reconnect in step. A value, so that each store
/// carries its own (Redis from `cache.redis`, PostgreSQL 50 ms / 1 s) and tests can reason about it.
package struct Backoff: Sendable, Equatable {
    package var baseNanoseconds: UInt64
    package var capNanoseconds: UInt64

    package init(baseNanoseconds: UInt64, capNanoseconds: UInt64) {
        (self.baseNanoseconds, self.capNanoseconds) = (baseNanoseconds, capNanoseconds)
    }

    /// The longest delay after `failures` failures (the jitter draws at most this, at least half).
    package func ceiling(afterFailures failures: Int) -> UInt64 {
        let exponent = UInt64(min(max(failures - 1, 0), 30))
        return min(capNanoseconds, baseNanoseconds &<< exponent)
    }

    package func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> UInt64 {
        let ceiling = ceiling(afterFailures: failures)
        guard ceiling > 1 else { return ceiling }
        return ceiling / 2 + UInt64.random(in: 0...(ceiling / 2), using: &generator)
    }

    /// The same with the system generator. Not through `delay(afterFailures:using:)` with a local
    /// `SystemRandomNumberGenerator`: that struct has no stored bytes, so every thread's `inout`
    /// access lands on the one address Swift gives empty values, which ThreadSanitizer reports as
    /// a race between two pools backing off at once.
    package func delay(afterFailures failures: Int) -> UInt64 {
        let ceiling = ceiling(afterFailures: failures)
        guard ceiling > 1 else { return ceiling }
        return ceiling / 2 + UInt64.random(in: 0...(ceiling / 2))
    }
}
