#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of monotonic nanoseconds, injectable so that caches, rate limits and pools can be tested
/// by moving time instead of sleeping. `system` reads `CLOCK_MONOTONIC` (a vDSO call, no syscall),
/// the time base of every deadline in the server (never jumps with wall time). Public, its members
/// inlinable: this toolchain inlines no member of a `package` type into another module, and the
/// event loop and the token path read the clock several times per request.
public struct MonotonicClock: Sendable {
    @usableFromInline let read: @Sendable () -> UInt64

    @inlinable
    package init(_ read: @escaping @Sendable () -> UInt64) {
        self.read = read
    }

    @inlinable
    package func nanoseconds() -> UInt64 { read() }

    package static let system = MonotonicClock { MonotonicClock.systemNanoseconds() }

    /// `CLOCK_MONOTONIC_COARSE`: the same time base as `system`, as of the latest timer tick (at
    /// most a few milliseconds behind it), for ~5 ns instead of ~23 ns a read. For expiries that
    /// are seconds long and compared only with readings of this clock; never for a duration.
    package static let coarse = MonotonicClock { MonotonicClock.nanoseconds(of: CLOCK_MONOTONIC_COARSE) }

    @inlinable @inline(__always)
    package static func systemNanoseconds() -> UInt64 { nanoseconds(of: CLOCK_MONOTONIC) }

    /// `clock_gettime(clock)` in nanoseconds (the vDSO for the monotonic, coarse and real-time
    /// clocks): the one conversion of a `timespec` every clock here reads through.
    @inlinable @inline(__always)
    package static func nanoseconds(of clock: clockid_t) -> UInt64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    /// `systemNanoseconds()`, as the event loop spells it.
    @inlinable @inline(__always)
    package static func now() -> UInt64 { systemNanoseconds() }
}

/// A clock that only moves when told to; for tests and deterministic simulations.
package final class ManualClock: @unchecked Sendable {
    // @unchecked: `now` is only touched under `lock`.
    private let lock = PthreadMutex()
    private var now: UInt64

    package init(nanoseconds: UInt64 = 1_000_000_000) { now = nanoseconds }

    package var nanoseconds: UInt64 { lock.withLock { now } }

    package func advance(nanoseconds delta: UInt64) { lock.withLock { now += delta } }

    package func advance(seconds delta: Double) { advance(nanoseconds: UInt64(delta * 1e9)) }

    package var clock: MonotonicClock { MonotonicClock { [self] in self.nanoseconds } }
}
