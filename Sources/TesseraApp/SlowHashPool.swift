import Foundation
import Glibc

/// Runs slow secret verifications (PBKDF2) on a few dedicated low-priority threads with a
/// bounded queue, so that a flood of wrong secrets for PBKDF2-hashed clients cannot eat the CPU
/// the I/O threads need for everyone else.
///
/// - `workers` threads (half the cores, at least one) run one verification each at a time, at
///   nice +`niceness`: under contention the I/O threads win the CPU, so memoized clients keep
///   being served while a flood is hashed.
/// - At most `queueLimit` verifications wait. Beyond that `submit` returns false at once and the
///   request is answered 503 `temporarily_unavailable` with `Retry-After: 1` (the server as a whole
///   is overloaded; 429 stays the per-client answer of `limits:`). The wait of a queued request is
///   thus bounded by about `queueLimit / workers` hash times (~2 s with PBKDF2 at 600,000
///   iterations on this class of machine).
final class SlowHashPool: @unchecked Sendable {
    // @unchecked: `queue` and `running` are only touched with `condition` locked.
    static let defaultWorkers = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
    static let niceness: Int32 = 10

    let workers: Int
    let queueLimit: Int
    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var head = 0

    init(workers: Int = SlowHashPool.defaultWorkers, queueLimit: Int? = nil) {
        self.workers = max(1, workers)
        self.queueLimit = queueLimit ?? 8 * self.workers
        for index in 0..<self.workers {
            let thread = Thread { [self] in self.serve() }
            thread.name = "tessera-hash-\(index)"
            thread.start()
        }
    }

    /// Queues `work`; false when the queue is full (the caller answers 503 at once).
    func submit(_ work: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard queue.count - head < queueLimit else { return false }
        queue.append(work)
        condition.signal()
        return true
    }

    /// Verifications waiting (not counting the ones running).
    var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count - head
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
