import CLinux

/// A fixed-size block of relaxed atomic counters. Metrics are incremented on every request from
/// every I/O thread, so they must be lock-free; readers (the /metrics scrape) tolerate a
/// momentarily torn view across counters.
final class Counters: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Int>
    let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: 0, count: count)
    }

    deinit { slots.deallocate() }

    @inline(__always)
    func add(_ index: Int, _ value: Int = 1) {
        tessera_atomic_add(slots + index, value)
    }

    @inline(__always)
    func load(_ index: Int) -> Int {
        tessera_atomic_load(slots + index)
    }
}
