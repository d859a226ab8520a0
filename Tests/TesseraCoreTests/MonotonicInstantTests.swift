import Testing
import TesseraCore

/// Moments and spans: the arithmetic the pools, timers and waits rely on never wraps.
@Suite struct MonotonicInstantTests {
    @Test func aMomentPlusASpanIsLaterByExactlyThatSpan() {
        let start = MonotonicInstant(nanoseconds: 5_000_000_000)
        let later = start + .milliseconds(250)
        #expect(later.nanoseconds == 5_250_000_000)
        #expect(later > start)
        #expect(later.duration(since: start) == .milliseconds(250))
    }

    @Test func theSpanSinceALaterMomentIsZeroNotAWrappedOne() {
        let start = MonotonicInstant(nanoseconds: 5_000_000_000)
        #expect(start.duration(since: start + .seconds(1)) == .zero)
    }

    @Test func farFutureDeadlinesSaturateAndNegativeSpansCountAsZero() {
        let late = MonotonicInstant(nanoseconds: .max - 10)
        #expect((late + .seconds(1)).nanoseconds == .max)
        let start = MonotonicInstant(nanoseconds: 1_000)
        #expect(start + .seconds(-5) == start)
    }

    @Test func nowMovesForward() {
        let first = MonotonicInstant.now()
        let second = MonotonicInstant.now()
        #expect(second >= first)
    }
}
