#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs a body on a `BackgroundThread` every interval until stopped; `stop()` wakes the thread at
/// once instead of waiting out a sleep, and returns when the body is no longer running.
package final class PeriodicTask: @unchecked Sendable {
    // @unchecked: `running` and `thread` are only touched with `condition` locked.
    private let interval: Duration
    private let condition = MonotonicCondition()
    private var running = false
    private var thread: pthread_t?

    package init(interval: Duration) {
        self.interval = interval
    }

    /// Starts the thread: `body` runs after each interval (not at once). Once only.
    package func start(_ body: @escaping () -> Void) {
        condition.withLock {
            guard thread == nil else { return }
            running = true
            thread = BackgroundThread.start { [self] in
                while waitOneInterval() { body() }
            }
        }
    }

    /// Stops the thread and waits for it.
    package func stop() {
        let thread: pthread_t? = condition.withLock {
            running = false
            defer { self.thread = nil }
            condition.broadcast()
            return self.thread
        }
        if let thread { BackgroundThread.join(thread) }
    }

    /// Waits one interval or until stopped; false once stopped.
    private func waitOneInterval() -> Bool {
        condition.withLock {
            let deadline = MonotonicInstant.now() + interval
            while running && condition.wait(until: deadline) {}
            return running
        }
    }
}
