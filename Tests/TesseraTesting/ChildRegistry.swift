import Foundation

/// Every child process the suite has started and not yet reaped. If the runner exits with some
/// still alive (a test crashed past its cleanup), an exit hook kills them so none is left behind.
package final class ChildRegistry: @unchecked Sendable {
    // @unchecked: `pids` is only touched under `lock`.
    package static let shared: ChildRegistry = {
        let registry = ChildRegistry()
        atexit { ChildRegistry.shared.killAll() }
        return registry
    }()

    private let lock = NSLock()
    private var pids: Set<Int32> = []

    package func add(_ pid: Int32) {
        lock.lock(); defer { lock.unlock() }
        pids.insert(pid)
    }

    package func remove(_ pid: Int32) {
        lock.lock(); defer { lock.unlock() }
        pids.remove(pid)
    }

    package func killAll() {
        lock.lock(); let alive = pids; pids = []; lock.unlock()
        for pid in alive { kill(pid, SIGKILL) }
    }
}
