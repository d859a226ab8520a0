import Glibc
import Synchronization
import Testing

@testable import TesseraCore

@Suite struct PeriodicTaskTests {
    @Test func theBodyRunsEachIntervalUntilStopped() throws {
        let runs = Atomic<Int>(0)
        let task = PeriodicTask(interval: .milliseconds(5))
        task.start { runs.add(1, ordering: .relaxed) }
        let deadline = MonotonicClock.now() + 10_000_000_000
        while runs.load(ordering: .relaxed) < 3 && MonotonicClock.now() < deadline {
            BackgroundThread.join(BackgroundThread.start { usleep(1000) })
        }
        task.stop()
        let after = runs.load(ordering: .relaxed)
        #expect(after >= 3)
        usleep(30_000)
        #expect(runs.load(ordering: .relaxed) == after)  // nothing runs once stop() returned
    }

    @Test func stopDoesNotWaitOutTheInterval() {
        let task = PeriodicTask(interval: .seconds(60))
        let runs = Atomic<Int>(0)
        task.start { runs.add(1, ordering: .relaxed) }
        let start = MonotonicClock.now()
        task.stop()
        #expect(MonotonicClock.now() - start < 5_000_000_000)
        #expect(runs.load(ordering: .relaxed) == 0)
    }

    @Test func lockedGuardsItsValueAcrossThreads() {
        let counter = Locked(0)
        let threads = (0..<4).map { _ in
            BackgroundThread.start { for _ in 0..<10_000 { counter.withLock { $0 += 1 } } }
        }
        for thread in threads { BackgroundThread.join(thread) }
        #expect(counter.withLock { $0 } == 40_000)
    }
}
