import TesseraStore

/// The local tier for clients registered in PostgreSQL: an LRU of parsed `Client`s (and of ids
/// known not to exist, for a shorter time) in front of `ClientTiers` (Redis, then PostgreSQL).
/// `lookup` runs on the I/O thread and never blocks; a miss is resolved by `resolve` off-thread.
///
/// With an invalidation bus, an entry is trusted for its TTL only while the node is subscribed and
/// only when cached after the last (re)subscription; while unsubscribed, entries are trusted for
/// `outageTTL` at most, since an invalidation may have been missed.
package final class ClientCache: Sendable {
    package enum Lookup: Sendable {
        case found(Client)
        case unknown
        case miss
    }

    package enum Resolution: Sendable {
        case found(Client)
        case unknown
        case unavailable(StoreError)
    }

    private struct Entry: Sendable {
        var client: Client?
        var cachedAt: UInt64
    }

    package let tiers: ClientTiers
    private let entries: LRUCache<ExactString, Entry>
    private let trust: @Sendable () -> InvalidationBus.Trust?
    private let clock: MonotonicClock
    private let ttl: UInt64
    private let negativeTTL: UInt64
    private let outageTTL: UInt64

    /// - Parameters:
    ///   - trust: the invalidation bus' trust state, or nil without one (entries live their TTL).
    ///   - ttlNanoseconds: `cache.local.ttl`; negative entries live `negativeTTLNanoseconds`.
    package init(
        tiers: ClientTiers, capacity: Int, ttlNanoseconds: UInt64, negativeTTLNanoseconds: UInt64,
        outageTTLNanoseconds: UInt64 = 1_000_000_000, clock: MonotonicClock = .system,
        trust: @escaping @Sendable () -> InvalidationBus.Trust? = { nil }
    ) {
        self.tiers = tiers
        self.entries = LRUCache(capacity: max(1, capacity))
        self.trust = trust
        self.clock = clock
        self.ttl = max(1, ttlNanoseconds)
        self.negativeTTL = max(1, min(negativeTTLNanoseconds, ttlNanoseconds))
        self.outageTTL = outageTTLNanoseconds
    }

    package func lookup(id: String) -> Lookup {
        let now = clock.nanoseconds()
        guard let entry = entries.get(ExactString(id), now: now) else { return .miss }
        if let trust = trust() {
            if entry.cachedAt < trust.floor { return .miss }
            if !trust.subscribed && now &- entry.cachedAt >= outageTTL { return .miss }
        }
        if let client = entry.client { return .found(client) }
        return .unknown
    }

    /// Fetches from the tiers behind (blocking) and caches the answer locally.
    package func resolve(id: String) -> (Resolution, ClientTiers.Fetch) {
        let fetch = tiers.fetch(id: id)
        let now = clock.nanoseconds()
        switch fetch.result {
        case .failure(let error):
            return (.unavailable(error), fetch)
        case .success(let record?):
            guard let client = try? Client(record: record) else {
                Self.remember(entries, id: id, client: nil, now: now, lifetime: negativeTTL)
                return (.unknown, fetch)
            }
            Self.remember(entries, id: id, client: client, now: now, lifetime: ttl)
            return (.found(client), fetch)
        case .success(nil):
            Self.remember(entries, id: id, client: nil, now: now, lifetime: negativeTTL)
            return (.unknown, fetch)
        }
    }

    private static func remember(_ entries: LRUCache<ExactString, Entry>, id: String, client: Client?, now: UInt64, lifetime: UInt64) {
        entries.set(ExactString(id), Entry(client: client, cachedAt: now), expiresAt: now &+ lifetime)
    }

    /// Forgets one client (removed, rotated, added elsewhere).
    package func invalidate(id: String) {
        entries.remove(ExactString(id))
    }

    package var count: Int { entries.count }
}
