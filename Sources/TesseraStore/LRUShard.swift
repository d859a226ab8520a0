/// One shard of an `LRUCache`: a dictionary from key to slot, and a doubly linked recency list threaded
/// through an array of slots by index. Slots are reused through a free list, so a full shard inserts and
/// evicts without allocating a node. Not thread-safe; `LRUCache` holds a lock around every call.
struct LRUShard<Key: Hashable, Value> {
    private struct Slot {
        var key: Key?
        var value: Value?
        var expiresAt: UInt64
        var prev: Int32
        var next: Int32
    }

    private static var none: Int32 { -1 }

    let capacity: Int
    private var index: [Key: Int32]
    private var slots: [Slot] = []
    private var head: Int32 = -1  // most recently used
    private var tail: Int32 = -1  // least recently used
    private var freeList: Int32 = -1
    private(set) var hits: UInt64 = 0
    private(set) var misses: UInt64 = 0
    private(set) var evictions: UInt64 = 0

    init(capacity: Int) {
        precondition(capacity > 0, "an LRU shard needs room for at least one entry")
        self.capacity = capacity
        self.index = Dictionary(minimumCapacity: Swift.min(capacity, 1024))
    }

    var count: Int { index.count }

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

    @discardableResult
    mutating func remove(_ key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        let value = slots[Int(slot)].value
        release(slot)
        return value
    }

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

    private mutating func acquireSlot() -> Int32 {
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
    private mutating func release(_ slot: Int32) {
        unlink(slot)
        if let key = slots[Int(slot)].key { index.removeValue(forKey: key) }
        slots[Int(slot)].key = nil
        slots[Int(slot)].value = nil
        slots[Int(slot)].next = freeList
        freeList = slot
    }

    private mutating func moveToFront(_ slot: Int32) {
        guard head != slot else { return }
        unlink(slot)
        linkAtFront(slot)
    }

    private mutating func unlink(_ slot: Int32) {
        let prev = slots[Int(slot)].prev
        let next = slots[Int(slot)].next
        if prev != Self.none { slots[Int(prev)].next = next } else { head = next }
        if next != Self.none { slots[Int(next)].prev = prev } else { tail = prev }
        slots[Int(slot)].prev = Self.none
        slots[Int(slot)].next = Self.none
    }

    private mutating func linkAtFront(_ slot: Int32) {
        slots[Int(slot)].prev = Self.none
        slots[Int(slot)].next = head
        if head != Self.none { slots[Int(head)].prev = slot }
        head = slot
        if tail == Self.none { tail = slot }
    }
}

/// A value with its absolute expiry, as seen through `LRUCache.update`.
package struct LRUEntry<Value> {
    package var value: Value
    package var expiresAt: UInt64

    package init(value: Value, expiresAt: UInt64) {
        self.value = value
        self.expiresAt = expiresAt
    }
}
