import Synchronization

/// A thread-safe set whose members each carry an absolute expiry, for facts that must never be
/// forgotten early -- a revoked token id must stay revoked until the token itself expires.
///
/// Unlike `LRUCache` it never evicts a live member: its size is bounded by the members that have
/// not yet expired, not by a capacity. Expired members read as absent at once and are swept out
/// of a shard whenever it has doubled since its last sweep, so memory stays proportional to the
/// live members (amortised O(1) per insert).
///
/// Time is whatever unit the caller chooses (unix seconds for revocations), as for `LRUCache`.
@usableFromInline
package final class ExpiringSet<Member: Hashable & Sendable>: @unchecked Sendable {
    // @unchecked: each shard's members are only touched under that shard's `lock`; `latestExpiry` is atomic.
    // Inlinable (like LRUCache) so callers get it specialized instead of paying runtime generic
    // metadata lookups per call.
    @usableFromInline
    final class Shard {
        @usableFromInline let lock = PthreadMutex()
        @usableFromInline var expiries: [Member: UInt64] = [:]
        /// Size right after the last sweep; the next sweep runs at twice this (at least 64).
        @usableFromInline var sweptSize = 0
        @usableFromInline init() {}
    }

    @usableFromInline let shards: [Shard]
    @usableFromInline let mask: Int
    /// The latest expiry ever inserted (0: none). At or past it no member can be live, so
    /// `contains` answers without hashing or locking: the common case of a revocation list that
    /// is empty, or holds only expired tokens, costs one load of a rarely written word.
    @usableFromInline let latestExpiry = Atomic<UInt64>(0)

    /// - Parameter shards: independently locked shards, rounded up to a power of two.
    package init(shards: Int = 16) {
        var count = 1
        while count < shards { count *= 2 }
        self.shards = (0..<count).map { _ in Shard() }
        mask = count - 1
    }

    @inlinable
    func shard(for member: Member) -> Shard {
        shards[Int(truncatingIfNeeded: UInt(bitPattern: member.hashValue) >> 7) & mask]
    }

    /// Adds `member` until `expiresAt` (exclusive), keeping the later expiry if it is already
    /// present. Returns false when it was already present and live at `now`.
    @inlinable @discardableResult
    package func insert(_ member: Member, expiresAt: UInt64, now: UInt64) -> Bool {
        // Raised before the member is added, so a `contains` that could find it does not skip.
        latestExpiry.raise(to: expiresAt)
        let shard = shard(for: member)
        return shard.lock.withLock {
            let previous = shard.expiries[member]
            let wasLive = previous.map { $0 > now } ?? false
            shard.expiries[member] = max(previous ?? 0, expiresAt)
            if shard.expiries.count >= max(64, shard.sweptSize * 2) {
                shard.expiries = shard.expiries.filter { $0.value > now }
                shard.sweptSize = shard.expiries.count
            }
            return !wasLive
        }
    }

    /// True when `member` is present and not expired at `now`.
    @inlinable
    package func contains(_ member: Member, now: UInt64) -> Bool {
        if now >= latestExpiry.load(ordering: .acquiring) { return false }
        let shard = shard(for: member)
        return shard.lock.withLock {
            guard let expiry = shard.expiries[member] else { return false }
            return expiry > now
        }
    }

    /// Drops every member expired at `now`; returns how many were dropped.
    @discardableResult
    package func removeExpired(now: UInt64) -> Int {
        var removed = 0
        for shard in shards {
            shard.lock.withLock {
                let before = shard.expiries.count
                shard.expiries = shard.expiries.filter { $0.value > now }
                shard.sweptSize = shard.expiries.count
                removed += before - shard.expiries.count
            }
        }
        return removed
    }

    /// Members held, expired ones not yet swept included.
    package var count: Int {
        shards.reduce(0) { total, shard in total + shard.lock.withLock { shard.expiries.count } }
    }
}
