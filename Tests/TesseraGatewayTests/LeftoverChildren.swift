import Foundation

/// Server processes started and not yet stopped. Should the test runner exit past a test's
/// cleanup (a crash, a fatal expectation), an exit hook kills them so no server is left running.
enum LeftoverChildren {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pids: Set<Int32> = []
    private static let hook: Void = { atexit { LeftoverChildren.killAll() } }()

    static func add(_ pid: Int32) {
        _ = hook
        lock.withLock { _ = pids.insert(pid) }
    }

    static func remove(_ pid: Int32) {
        lock.withLock { _ = pids.remove(pid) }
    }

    static func killAll() {
        let alive = lock.withLock { () -> Set<Int32> in
            defer { pids = [] }
            return pids
        }
        for pid in alive { kill(pid, SIGKILL) }
    }
}
