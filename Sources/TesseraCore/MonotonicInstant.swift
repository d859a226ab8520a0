/// A moment on the monotonic clock (`CLOCK_MONOTONIC` nanoseconds, `MonotonicClock`'s time
/// base): what a deadline, an "opened at" or a "waiting since" is, as opposed to a span of time,
/// which is a `Duration`. Keeping the two apart lets the compiler refuse adding two moments or
/// comparing a moment with a timeout, the mistakes bare `UInt64` nanoseconds allowed.
/// Arithmetic saturates: a moment plus a very long span stays the far future, and a moment
/// minus a later one is a zero span, never a wrapped one.
public struct MonotonicInstant: Comparable, Hashable, Sendable {
    public var nanoseconds: UInt64

    @inlinable
    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// The system's monotonic clock now.
    @inlinable
    public static func now() -> MonotonicInstant { MonotonicInstant(nanoseconds: MonotonicClock.systemNanoseconds()) }

    @inlinable
    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// `span` later (a negative span counts as zero).
    @inlinable
    public static func + (instant: MonotonicInstant, span: Duration) -> MonotonicInstant {
        let (sum, overflow) = instant.nanoseconds.addingReportingOverflow(span.nanoseconds)
        return MonotonicInstant(nanoseconds: overflow ? .max : sum)
    }

    /// The span from `earlier` to this moment; zero when `earlier` is not earlier.
    @inlinable
    public func duration(since earlier: MonotonicInstant) -> Duration {
        nanoseconds > earlier.nanoseconds ? .nanoseconds(Int64(clamping: nanoseconds - earlier.nanoseconds)) : .zero
    }
}

extension MonotonicClock {
    /// This clock's now, as a moment.
    @inlinable
    package func instant() -> MonotonicInstant { MonotonicInstant(nanoseconds: nanoseconds()) }
}
