#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs a body on a `BackgroundThread` every interval until stopped; `stop()` wakes the thread at
/// once instead of waiting out a sleep, and returns when the body is no longer running.
package final class PeriodicTask: @unchecked Sendable {
    private let intervalNanoseconds: UInt64
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var running = false
    private var thread: pthread_t?

    package init(intervalNanoseconds: UInt64) {
        self.intervalNanoseconds = intervalNanoseconds
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Starts the thread: `body` runs after each interval (not at once). Once only.
    package func start(_ body: @escaping () -> Void) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard thread == nil else { return }
        running = true
        thread = BackgroundThread.start { [self] in
            while waitOneInterval() { body() }
        }
    }

    /// Stops the thread and waits for it.
    package func stop() {
        pthread_mutex_lock(mutex)
        running = false
        let thread = self.thread
        self.thread = nil
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        if let thread { BackgroundThread.join(thread) }
    }

    /// Waits one interval or until stopped; false once stopped.
    private func waitOneInterval() -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let deadline = MonotonicClock.now() &+ intervalNanoseconds
        var until = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while running && MonotonicClock.now() < deadline {
            pthread_cond_timedwait(condition, mutex, &until)
        }
        return running
    }
}
