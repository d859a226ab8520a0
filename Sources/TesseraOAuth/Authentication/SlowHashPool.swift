import Dispatch
import Foundation
import Glibc

/// Runs slow secret verifications (PBKDF2) on a few dedicated low-priority threads with a
/// bounded queue, so that a flood of wrong secrets for PBKDF2-hashed clients cannot eat the CPU
/// the I/O threads need for everyone else.
///
/// - `workers` threads (half the cores, at least one) run one verification each at a time, at
///   nice +`niceness`: under contention the I/O threads win the CPU, so memoized clients keep
///   being served while a flood is hashed.
/// - At most `queueLimit` verifications wait. Beyond that `verify` returns nil at once and the
///   request is answered 503 `temporarily_unavailable` (`overloaded`, with `Retry-After: 1`): the
///   server as a whole is overloaded; 429 stays the per-client answer of `limits:`. The wait of a
///   queued request is thus bounded by about `queueLimit / workers` hash times (~2 s with PBKDF2 at
///   600,000 iterations on this class of machine).
///
/// Every slow verification of the process goes through `shared` (token, introspection and
/// revocation endpoints, with or without a client lookup in Redis/PostgreSQL first); the backend
/// thread that asks waits for the answer, the hash itself runs on the pool's threads.
package final class SlowHashPool: @unchecked Sendable {
    // @unchecked: `queue`, `head` and `reserved` are only touched with `condition` locked.
    static let defaultWorkers = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
    static let niceness: Int32 = 10

    /// The pool every slow secret verification of the process uses.
    package static let shared = SlowHashPool()

    /// The answer when the queue is full.
    package static let overloaded = OAuthError.temporarilyUnavailable("too many secret verifications in progress; retry shortly")

    package let workers: Int
    package let queueLimit: Int
    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var head = 0
    private var reserved = 0

    package init(workers: Int = SlowHashPool.defaultWorkers, queueLimit: Int? = nil) {
        self.workers = max(1, workers)
        self.queueLimit = queueLimit ?? 8 * self.workers
        for index in 0..<self.workers {
            let thread = Thread { [self] in self.serve() }
            thread.name = "tessera-hash-\(index)"
            thread.start()
        }
    }

    /// Verifies `secret` against `hash` on a pool thread and waits for the answer; nil at once,
    /// without hashing, when the queue is full.
    package func verify(_ hash: SecretHash, _ secret: [UInt8]) -> Bool? {
        guard reserve() else { return nil }
        return verify(reserved: hash, secret)
    }

    /// `verify` in a place held by `reserve()`: always hashes.
    package func verify(reserved hash: SecretHash, _ secret: [UInt8]) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        submit(reserved: {
            result.value = hash.verify(secret)
            done.signal()
        })
        done.wait()
        return result.value
    }

    private final class ResultBox: @unchecked Sendable {
        // @unchecked: written once by the pool thread before the semaphore is signalled, read after.
        var value = false
    }

    /// Holds a place in the queue; false when it is full (the caller answers 503 at once, on its
    /// own thread, which is cheaper than completing a deferred response). A place held must be
    /// used by `submit(reserved:)` or given back with `release()`.
    package func reserve() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard queue.count - head + reserved < queueLimit else { return false }
        reserved += 1
        return true
    }

    /// Gives back a place held by `reserve()` without queueing anything.
    package func release() {
        condition.lock()
        reserved -= 1
        condition.unlock()
    }

    /// Queues `work` in a place held by `reserve()`.
    package func submit(reserved work: @escaping @Sendable () -> Void) {
        condition.lock()
        reserved -= 1
        queue.append(work)
        condition.signal()
        condition.unlock()
    }

    /// Queues `work`; false when the queue is full.
    package func submit(_ work: @escaping @Sendable () -> Void) -> Bool {
        guard reserve() else { return false }
        submit(reserved: work)
        return true
    }

    /// Verifications waiting or about to (not counting the ones running).
    package var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count - head + reserved
    }

    private func serve() {
        // Linux keeps nice per thread, and `who` 0 is the calling thread: only this one is lowered.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)
        while true {
            condition.lock()
            while head == queue.count { condition.wait() }
            let work = queue[head]
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64 {
                queue.removeFirst(head)  // a queue that never empties must not grow
                head = 0
            }
            condition.unlock()
            work()
        }
    }
}
