import Glibc

/// Nanoseconds of CLOCK_MONOTONIC: the time base for deadlines (never jumps with wall time).
package enum MonotonicClock {
    @inline(__always)
    package static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
