/// One shard of an `LRUCache`: a dictionary from key to slot, and a doubly linked recency list threaded
/// through an array of slots by index. Slots are reused through a free list, so a full shard inserts and
/// evicts without allocating a node. Not thread-safe; `LRUCache` holds a lock around every call.
@usableFromInline
struct LRUShard<Key: Hashable, Value> {
    @usableFromInline
    struct Slot {
        @usableFromInline var key: Key?
        @usableFromInline var value: Value?
        @usableFromInline var expiresAt: UInt64
        @usableFromInline var prev: Int32
        @usableFromInline var next: Int32

        @inlinable
        init(key: Key?, value: Value?, expiresAt: UInt64, prev: Int32, next: Int32) {
            self.key = key
            self.value = value
            self.expiresAt = expiresAt
            self.prev = prev
            self.next = next
        }
    }

    @inlinable static var none: Int32 { -1 }

    @usableFromInline let capacity: Int
    @usableFromInline var index: [Key: Int32]
    @usableFromInline var slots: [Slot] = []
    @usableFromInline var head: Int32 = -1  // most recently used
    @usableFromInline var tail: Int32 = -1  // least recently used
    @usableFromInline var freeList: Int32 = -1
    @usableFromInline var hits: UInt64 = 0
    @usableFromInline var misses: UInt64 = 0
    @usableFromInline var evictions: UInt64 = 0

    @inlinable
    init(capacity: Int) {
        precondition(capacity > 0, "an LRU shard needs room for at least one entry")
        self.capacity = capacity
        self.index = Dictionary(minimumCapacity: Swift.min(capacity, 1024))
    }

    @inlinable var count: Int { index.count }

    @inlinable
    mutating func get(_ key: Key, now: UInt64) -> Value? {
        guard let slot = index[key] else {
            misses &+= 1
            return nil
        }
        if slots[Int(slot)].expiresAt <= now {
            release(slot)
            misses &+= 1
            return nil
        }
        moveToFront(slot)
        hits &+= 1
        return slots[Int(slot)].value
    }

    /// As `get`, but `body` looks at the value where it is (in place: nothing is copied out)
    /// and says what to hand back; nil when the entry is not the one wanted after all (then a
    /// miss, and the entry keeps its place). `body` must leave the value as it found it.
    @inlinable
    mutating func read<R>(_ key: Key, now: UInt64, _ body: (inout Value?) -> R?) -> R? {
        guard let slot = index[key] else {
            misses &+= 1
            return nil
        }
        if slots[Int(slot)].expiresAt <= now {
            release(slot)
            misses &+= 1
            return nil
        }
        guard let result = body(&slots[Int(slot)].value) else {
            misses &+= 1
            return nil
        }
        moveToFront(slot)
        hits &+= 1
        return result
    }

    @inlinable
    mutating func set(_ key: Key, _ value: Value, expiresAt: UInt64) {
        if let slot = index[key] {
            slots[Int(slot)].value = value
            slots[Int(slot)].expiresAt = expiresAt
            moveToFront(slot)
            return
        }
        let slot = acquireSlot()
        slots[Int(slot)].key = key
        slots[Int(slot)].value = value
        slots[Int(slot)].expiresAt = expiresAt
        linkAtFront(slot)
        index[key] = slot
    }

    /// Reads and rewrites one entry in place; an expired entry reads as nil. Setting the entry to nil
    /// removes it. Does not count as a hit or miss: it is for counters, not lookups.
    @inlinable
    mutating func update<R>(
        _ key: Key, now: UInt64, _ body: (inout LRUEntry<Value>?) throws -> R
    ) rethrows -> R {
        var entry: LRUEntry<Value>? = nil
        let existing = index[key]
        if let slot = existing, slots[Int(slot)].expiresAt > now, let value = slots[Int(slot)].value {
            entry = LRUEntry(value: value, expiresAt: slots[Int(slot)].expiresAt)
        }
        let result = try body(&entry)
        if let entry {
            set(key, entry.value, expiresAt: entry.expiresAt)
        } else if let slot = existing {
            release(slot)
        }
        return result
    }

    /// The value for `key`, expired or not, without touching its place or the counters.
    @inlinable
    func peek(_ key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        return slots[Int(slot)].value
    }

    @discardableResult
    @inlinable
    mutating func remove(_ key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        let value = slots[Int(slot)].value
        release(slot)
        return value
    }

    @inlinable
    mutating func removeAll(where shouldRemove: (Key, Value) throws -> Bool) rethrows -> Int {
        var removed = 0
        var cursor = head
        while cursor != Self.none {
            let next = slots[Int(cursor)].next
            if let key = slots[Int(cursor)].key, let value = slots[Int(cursor)].value,
                try shouldRemove(key, value)
            {
                release(cursor)
                removed += 1
            }
            cursor = next
        }
        return removed
    }

    /// Keys from most to least recently used (for tests and diagnostics).
    @inlinable
    func keysByRecency() -> [Key] {
        var keys: [Key] = []
        var cursor = head
        while cursor != Self.none {
            if let key = slots[Int(cursor)].key { keys.append(key) }
            cursor = slots[Int(cursor)].next
        }
        return keys
    }

    // MARK: - List plumbing

    @inlinable
    mutating func acquireSlot() -> Int32 {
        if freeList != Self.none {
            let slot = freeList
            freeList = slots[Int(slot)].next
            return slot
        }
        if slots.count < capacity {
            slots.append(Slot(key: nil, value: nil, expiresAt: 0, prev: Self.none, next: Self.none))
            return Int32(slots.count - 1)
        }
        let victim = tail
        evictions &+= 1
        release(victim)
        let slot = freeList
        freeList = slots[Int(slot)].next
        return slot
    }

    /// Unlinks a slot, forgets its key and value and puts it on the free list.
    @inlinable
    mutating func release(_ slot: Int32) {
        unlink(slot)
        if let key = slots[Int(slot)].key { index.removeValue(forKey: key) }
        slots[Int(slot)].key = nil
        slots[Int(slot)].value = nil
        slots[Int(slot)].next = freeList
        freeList = slot
    }

    @inlinable
    mutating func moveToFront(_ slot: Int32) {
        guard head != slot else { return }
        unlink(slot)
        linkAtFront(slot)
    }

    @inlinable
    mutating func unlink(_ slot: Int32) {
        let prev = slots[Int(slot)].prev
        let next = slots[Int(slot)].next
        if prev != Self.none { slots[Int(prev)].next = next } else { head = next }
        if next != Self.none { slots[Int(next)].prev = prev } else { tail = prev }
        slots[Int(slot)].prev = Self.none
        slots[Int(slot)].next = Self.none
    }

    @inlinable
    mutating func linkAtFront(_ slot: Int32) {
        slots[Int(slot)].prev = Self.none
        slots[Int(slot)].next = head
        if head != Self.none { slots[Int(head)].prev = slot }
        head = slot
        if tail == Self.none { tail = slot }
    }
}

/// A value with its absolute expiry, as seen through `LRUCache.update`.
@usableFromInline
package struct LRUEntry<Value> {
    @usableFromInline package var value: Value
    @usableFromInline package var expiresAt: UInt64

    @inlinable
    package init(value: Value, expiresAt: UInt64) {
        self.value = value
        self.expiresAt = expiresAt
    }
}
