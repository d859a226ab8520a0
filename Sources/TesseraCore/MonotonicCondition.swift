#if canImport(Glibc)
import Glibc
#endif

/// A mutex and a condition variable on `CLOCK_MONOTONIC` (the `MonotonicClock` time base), for
/// threads that wait with a deadline: pool borrowers, the backend executor, single-flight
/// followers, the journal writer, `PeriodicTask`. `wait(until:)` must be called with
/// the lock held (inside `withLock`).
package final class MonotonicCondition: @unchecked Sendable {
    // @unchecked: a pthread mutex and condition variable at stable addresses, made to be shared by threads.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let cond: UnsafeMutablePointer<pthread_cond_t>

    package init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        cond = .allocate(capacity: 1)
        cond.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(cond, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    package func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for a signal or the moment `deadline`; false when it passed.
    package func wait(until deadline: MonotonicInstant) -> Bool {
        let nanoseconds = deadline.nanoseconds
        var spec = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        return pthread_cond_timedwait(cond, mutex, &spec) != ETIMEDOUT
    }

    package func wait() { pthread_cond_wait(cond, mutex) }
    package func signal() { pthread_cond_signal(cond) }
    package func broadcast() { pthread_cond_broadcast(cond) }
}
