#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain pthread mutex with a stable address (the lock of each cache shard, and of anything else
/// that needs a lock around a few lines). `Synchronization.Mutex` would do as well on Linux, but it
/// is noncopyable and gated to macOS 15, and the package still names macOS 14; a heap-allocated
/// `pthread_mutex_t` is what it compiles to anyway.
@usableFromInline
package final class PthreadMutex: @unchecked Sendable {
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>

    package init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inlinable
    package func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// The mutex's former name, kept so that code written against it still builds.
@available(*, deprecated, renamed: "PthreadMutex")
package typealias ShardLock = PthreadMutex
