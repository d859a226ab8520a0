import TesseraCore
import Glibc

/// The threads deferred work runs on (store lookups, slow hashes waited for, durable revocation
/// records). Plain threads rather than a GCD queue: deferred work blocks (on a socket, a pool, an
/// fsync), and libdispatch sizes its pool by cores without knowing that, so 64 revokers waiting for
/// one group-committed fsync ran two at a time. A thread is started when work arrives and none is
/// idle (up to `maximum`); one idle for 10 s ends. Work beyond the threads waits in a FIFO.
final class BackendExecutor: @unchecked Sendable {
    // @unchecked: the queue and thread counts are only touched with `condition` locked.
    private let condition = MonotonicCondition()
    private var queue: [@Sendable () -> Void] = []
    private var head = 0
    private var threads = 0
    private var idle = 0
    private let maximum: Int
    private static let idleTime: Duration = .seconds(10)

    init(maximum: Int) {
        self.maximum = max(1, maximum)
    }

    func async(_ work: @escaping @Sendable () -> Void) {
        let spawn: Bool = condition.withLock {
            queue.append(work)
            if idle > 0 {
                condition.signal()
                return false
            }
            guard threads < maximum else { return false }
            threads += 1
            return true
        }
        if spawn { start() }
    }

    private func start() {
        BackgroundThread.detached { self.serve() }
    }

    private func serve() {
        while let work = next() { work() }
    }

    /// The next piece of work, or nil when this thread has been idle long enough to end.
    private func next() -> (@Sendable () -> Void)? {
        condition.withLock {
            while head == queue.count {
                idle += 1
                let signalled = condition.wait(until: MonotonicInstant.now() + Self.idleTime)
                idle -= 1
                if !signalled && head == queue.count {
                    threads -= 1
                    return nil
                }
            }
            let work = queue[head]
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            }
            return work
        }
    }
}
