#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a pthread mutex: the one lock type that owns what it guards (beside
/// `PthreadMutex`, which guards code). Used instead of `Synchronization.Mutex`, whose contended path
/// waits in futex calls that ThreadSanitizer does not see (it reported races the lock prevented,
/// and CI runs the suite under ThreadSanitizer).
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched with `mutex` locked.
    @usableFromInline var value: Value
    @usableFromInline let mutex = PthreadMutex()

    /// `Value` must have stored bytes: an empty one (`Void`) sits at the address of the mutex
    /// field, and ThreadSanitizer reads `body(&value)` on one thread and the mutex field being
    /// loaded on another, before its lock, as a race. Guard code with `PthreadMutex` instead.
    package init(_ value: Value) {
        precondition(MemoryLayout<Value>.size > 0, "Locked<\(Value.self)> has no stored bytes: use PthreadMutex")
        self.value = value
    }

    @inlinable
    package func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        pthread_mutex_lock(mutex.mutex)
        defer { pthread_mutex_unlock(mutex.mutex) }
        return try body(&value)
    }
}
