import TesseraCore
import Synchronization
import TesseraStore

/// The local tier for clients registered in PostgreSQL: an LRU of parsed `Client`s (and of ids
/// known not to exist, for a shorter time) in front of `ClientTiers` (Redis, then PostgreSQL).
/// `lookup` runs on the I/O thread and never blocks; a miss is resolved by `resolve` off-thread.
///
/// With an invalidation bus, an entry is trusted for its TTL only while the node is subscribed and
/// only when cached after the last (re)subscription; while unsubscribed, entries older than
/// `outageTTL` are fetched again, since an invalidation may have been missed.
///
/// `cache.local.stale_if_error` (contract rule 5): when the stores cannot answer, a client cached
/// at most that long ago is still served -- decided on the I/O thread once a fetch has failed in
/// the last `failureMemory` -- and an unknown one is 503. Negative entries are never served stale.
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
        var freshUntil: UInt64
        /// When the fetch that produced it started (what it read may predate a change announced
        /// after that).
        var fetchStarted: UInt64
    }

    package let tiers: ClientTiers
    private let entries: LRUCache<ExactString, Entry>
    private let trust: @Sendable () -> InvalidationBus.Trust?
    private let clock: MonotonicClock
    private let ttl: UInt64
    private let negativeTTL: UInt64
    private let outageTTL: UInt64
    private let staleIfError: UInt64
    /// When the tiers behind last failed to answer (clock nanoseconds; 0: never).
    private let lastFailure = Atomic<UInt64>(0)
    private static let failureMemory: UInt64 = 500_000_000

    /// - Parameters:
    ///   - trust: the invalidation bus' trust state, or nil without one (entries live their TTL).
    ///   - ttl: `cache.local.ttl`; negative entries live `negativeTTL` (at most `ttl`).
    package init(
        tiers: ClientTiers, capacity: Int, ttl: Duration, negativeTTL: Duration,
        outageTTL: Duration = .seconds(1), staleIfError: Duration = .zero, clock: MonotonicClock = .system,
        trust: @escaping @Sendable () -> InvalidationBus.Trust? = { nil }
    ) {
        self.tiers = tiers
        self.entries = LRUCache(capacity: max(1, capacity))
        self.trust = trust
        self.clock = clock
        // Kept as clock nanoseconds: the LRU compares its entries' expiry with one integer.
        self.ttl = max(1, ttl.nanoseconds)
        self.negativeTTL = max(1, min(negativeTTL.nanoseconds, ttl.nanoseconds))
        self.outageTTL = outageTTL.nanoseconds
        self.staleIfError = staleIfError.nanoseconds
    }

    package func lookup(id: String) -> Lookup {
        let now = clock.nanoseconds()
        guard let entry = entries.get(ExactString(id), now: now) else { return .miss }
        var fresh = now < entry.freshUntil
        if fresh, let trust = trust() {
            if entry.cachedAt < trust.floor { fresh = false }
            if !trust.subscribed && now &- entry.cachedAt >= outageTTL { fresh = false }
        }
        if fresh { return entry.client.map { .found($0) } ?? .unknown }
        // Not to be trusted as it is: fetch again, unless the stores just failed to answer and
        // the client is within stale_if_error.
        if let client = entry.client, isStaleServable(entry, now: now) {
            let failed = lastFailure.load(ordering: .relaxed)
            if failed != 0 && now &- failed < Self.failureMemory { return .found(client) }
        }
        return .miss
    }

    /// Fetches from the tiers behind (blocking) and caches the answer locally.
    package func resolve(id: String) -> (Resolution, ClientTiers.Fetch) {
        let started = clock.nanoseconds()
        let fetch = tiers.fetch(id: id)
        let now = clock.nanoseconds()
        switch fetch.result {
        case .failure(let error):
            lastFailure.store(max(1, now), ordering: .relaxed)
            if let entry = entries.get(ExactString(id), now: now), let client = entry.client, isStaleServable(entry, now: now) {
                return (.found(client), fetch)
            }
            return (.unavailable(error), fetch)
        case .success(let record?):
            // A record holding a control character (written around the CLI) or a hash that does
            // not parse is unusable: unknown, never a client with some other grant (rule 4).
            guard record.identityProblem == nil, let client = try? Client(record: record) else {
                remember(id: id, client: nil, now: now, lifetime: negativeTTL, started: started)
                return (.unknown, fetch)
            }
            // Raced a change: answer this request with it, but the next one looks again.
            if !fetch.raced { remember(id: id, client: client, now: now, lifetime: ttl, started: started) }
            return (.found(client), fetch)
        case .success(nil):
            if !fetch.raced { remember(id: id, client: nil, now: now, lifetime: negativeTTL, started: started) }
            return (.unknown, fetch)
        }
    }

    private func isStaleServable(_ entry: Entry, now: UInt64) -> Bool {
        staleIfError > 0 && now &- entry.cachedAt < staleIfError
    }

    private func remember(id: String, client: Client?, now: UInt64, lifetime: UInt64, started: UInt64) {
        // A found client is kept past its freshness for stale_if_error; an unknown one is not.
        let kept = client == nil ? lifetime : max(lifetime, staleIfError)
        entries.set(
            ExactString(id), Entry(client: client, cachedAt: now, freshUntil: now &+ lifetime, fetchStarted: started),
            expiresAt: now &+ kept)
    }

    /// Forgets the client only if what is cached came from a fetch started before `time` (clock
    /// nanoseconds): a fetch racing a change announced at `time`.
    package func invalidate(id: String, fetchedBefore time: UInt64) {
        let key = ExactString(id)
        if let entry = entries.get(key, now: clock.nanoseconds()), entry.fetchStarted < time { entries.remove(key) }
    }

    package var now: UInt64 { clock.nanoseconds() }

    /// Forgets one client (removed, rotated, added elsewhere).
    package func invalidate(id: String) {
        entries.remove(ExactString(id))
    }

    package var count: Int { entries.count }
}
