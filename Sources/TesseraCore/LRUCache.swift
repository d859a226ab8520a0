/// A bounded, thread-safe least-recently-used cache with a per-entry absolute expiry.
///
/// Time is whatever monotonic unit the caller chooses (nanoseconds from `MonotonicClock`, unix seconds,
/// ...), as long as one cache always uses the same one; the cache never reads a clock itself, so tests
/// move time by passing a different `now`. `UInt64.max` means "never expires".
///
/// Keys are spread over independent shards (a power of two, 16 by default), each behind its own lock,
/// so threads touching different keys rarely contend. Each shard holds at most
/// `ceil(capacity / shards)` entries and evicts its own least recently used one.
@usableFromInline
package final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: each shard's storage is only touched under that shard's `lock`.
    @usableFromInline let shards: [Shard]
    @usableFromInline let shardShift: Int
    package let capacity: Int

    @usableFromInline
    final class Shard {
        @usableFromInline let lock = PthreadMutex()
        @usableFromInline var storage: LRUShard<Key, Value>
        @usableFromInline init(capacity: Int) { storage = LRUShard(capacity: capacity) }
    }

    /// - Parameters:
    ///   - capacity: most entries held in all; at least 1.
    ///   - shards: number of independently locked shards, rounded up to a power of two and lowered so
    ///     every shard holds at least one entry. Use 1 for an exact global LRU order.
    package init(capacity: Int, shards: Int = 16) {
        precondition(capacity > 0, "LRUCache capacity must be positive")
        var count = 1
        while count < shards && count * 2 <= capacity { count *= 2 }
        let perShard = (capacity + count - 1) / count
        self.capacity = capacity
        self.shards = (0..<count).map { _ in Shard(capacity: perShard) }
        self.shardShift = UInt.bitWidth - count.trailingZeroBitCount
    }

    @inlinable
    func shard(for key: Key) -> Shard {
        guard shards.count > 1 else { return shards[0] }
        // High bits of the (seeded, well mixed) hash pick the shard; the dictionary inside uses its own.
        let hash = UInt(bitPattern: key.hashValue)
        return shards[Int(truncatingIfNeeded: hash >> UInt(shardShift))]
    }

    /// The value for `key` if present and not expired at `now`. An expired entry is dropped and counts
    /// as a miss.
    @inlinable
    package func get(_ key: Key, now: UInt64) -> Value? {
        let shard = shard(for: key)
        return shard.lock.withLock { shard.storage.get(key, now: now) }
    }

    /// What `body` makes of the value for `key` (present, not expired), looked at in place under
    /// the shard's lock (`LRUShard.read`); `body` returning nil counts as a miss.
    @inlinable
    package func read<R>(_ key: Key, now: UInt64, _ body: (inout Value?) -> R?) -> R? {
        let shard = shard(for: key)
        return shard.lock.withLock { shard.storage.read(key, now: now, body) }
    }

    /// Removes `key` when `shouldRemove` says so of its value (read under the lock).
    @discardableResult
    @inlinable
    package func remove(_ key: Key, if shouldRemove: (Value) -> Bool) -> Bool {
        let shard = shard(for: key)
        return shard.lock.withLock {
            guard let value = shard.storage.peek(key), shouldRemove(value) else { return false }
            shard.storage.remove(key)
            return true
        }
    }

    /// Inserts or replaces `key`, making it the most recently used; evicts the shard's least recently
    /// used entry when the shard is full.
    @inlinable
    package func set(_ key: Key, _ value: Value, expiresAt: UInt64) {
        let shard = shard(for: key)
        shard.lock.withLock { shard.storage.set(key, value, expiresAt: expiresAt) }
    }

    /// Atomically reads and rewrites one entry (nil = absent or expired; set it to nil to remove it).
    /// Meant for counters such as rate limits; it does not count as a hit or miss.
    @inlinable
    package func update<R>(_ key: Key, now: UInt64, _ body: (inout LRUEntry<Value>?) throws -> R) rethrows -> R {
        let shard = shard(for: key)
        return try shard.lock.withLock { try shard.storage.update(key, now: now, body) }
    }

    @discardableResult
    @inlinable
    package func remove(_ key: Key) -> Value? {
        let shard = shard(for: key)
        return shard.lock.withLock { shard.storage.remove(key) }
    }

    /// Removes every entry for which `shouldRemove` is true; returns how many. Locks one shard at a time.
    @discardableResult
    package func removeAll(where shouldRemove: (Key, Value) throws -> Bool) rethrows -> Int {
        var removed = 0
        for shard in shards {
            removed += try shard.lock.withLock { try shard.storage.removeAll(where: shouldRemove) }
        }
        return removed
    }

    /// Entries currently held, expired ones not yet dropped included.
    package var count: Int {
        shards.reduce(0) { total, shard in total + shard.lock.withLock { shard.storage.count } }
    }

    package var statistics: LRUStatistics {
        var result = LRUStatistics()
        for shard in shards {
            shard.lock.withLock {
                result.hits &+= shard.storage.hits
                result.misses &+= shard.storage.misses
                result.evictions &+= shard.storage.evictions
            }
        }
        return result
    }

    /// Keys from most to least recently used, shard by shard (exact only with one shard).
    package func keysByRecency() -> [Key] {
        shards.flatMap { shard in shard.lock.withLock { shard.storage.keysByRecency() } }
    }
}

/// Lookup counters of an `LRUCache`, summed over its shards.
package struct LRUStatistics: Sendable, Equatable {
    package var hits: UInt64 = 0
    package var misses: UInt64 = 0
    package var evictions: UInt64 = 0
}
