import CLinux
import CTessera

/// A fixed-size block of relaxed atomic counters. Metrics are incremented on every request from
/// every I/O thread, so they must be lock-free, and each thread adds to its own copy of the block
/// (8 copies, cache-line aligned): a counter shared by two cores would move its cache line
/// between them on every increment. Reads (the /metrics scrape) sum the copies and tolerate a
/// momentarily torn view across counters.
final class Counters: @unchecked Sendable {
    // @unchecked: the slots change only through relaxed C atomics; the pointer itself never changes.
    private static let shards = Int(TESSERA_COUNTER_SHARDS)
    private let slots: UnsafeMutablePointer<Int>
    let count: Int
    /// Slots per shard, rounded up to whole 64-byte lines.
    private let stride: Int

    init(count: Int) {
        self.count = count
        stride = (count + 7) / 8 * 8
        let raw = UnsafeMutableRawPointer.allocate(byteCount: stride * Self.shards * 8, alignment: 64)
        slots = raw.bindMemory(to: Int.self, capacity: stride * Self.shards)
        slots.initialize(repeating: 0, count: stride * Self.shards)
    }

    deinit { slots.deallocate() }

    @inline(__always)
    func add(_ index: Int, _ value: Int = 1) {
        tessera_atomic_add(slots + tessera_counter_shard() * stride + index, value)
    }

    func load(_ index: Int) -> Int {
        var total = 0
        for shard in 0..<Self.shards { total &+= tessera_atomic_load(slots + shard * stride + index) }
        return total
    }
}
