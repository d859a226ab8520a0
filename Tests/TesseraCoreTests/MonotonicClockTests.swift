import Glibc
import Testing

@testable import TesseraCore

@Suite struct MonotonicClockTests {
    /// `coarse` keeps expiries the exact clock's readings could also be compared with: the same
    /// time base, never ahead of `system`, at most a few timer ticks behind, never going back.
    @Test func coarseReadsTheSameTimeBaseAsSystemAtATicksResolution() {
        var previous: UInt64 = 0
        for _ in 0..<2_000 {
            let coarse = MonotonicClock.coarse.nanoseconds()
            let exact = MonotonicClock.system.nanoseconds()
            #expect(coarse <= exact)
            #expect(exact - coarse < 50_000_000)  // HZ=100 would be 10 ms a tick
            #expect(coarse >= previous)
            previous = coarse
            usleep(50)
        }
    }

    /// It moves: an expiry set with it is reached by waiting.
    @Test func coarseAdvancesWithTime() {
        let start = MonotonicClock.coarse.nanoseconds()
        usleep(60_000)
        let later = MonotonicClock.coarse.nanoseconds()
        #expect(later - start >= 40_000_000)
        #expect(later - start < 5_000_000_000)
    }
}
