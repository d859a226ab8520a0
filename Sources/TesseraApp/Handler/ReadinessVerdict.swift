import TesseraStore

/// What /readyz answers, decided from what the node knows (no I/O): whether it can answer token
/// requests. A store that is down is `degraded`, not unready, while the node still serves from
/// what it holds: every node shares the store, and an outage that took them all out of the load
/// balancer at once would turn a partial outage into a full one.
struct ReadinessVerdict: Equatable {
    enum Status: String { case ok, degraded, unavailable }

    let status: Status
    /// Why not `ok`; nil when it is.
    let reason: String?

    /// What the verdict is made from; `Facts` of a running node come from `Readiness`.
    struct Facts {
        var draining = false
        /// The PostgreSQL schema is known to be behind this binary's migrations.
        var schemaBehind = false
        var revocationsLoaded = true
        /// Each configured store tier (the local one left out) and whether it answers.
        var stores: [(tier: StoreTier, up: Bool)] = []
        /// Clients come from the stores (PostgreSQL configured), so a long outage of every store
        /// leaves the node with cached clients only, which are served for `staleIfError`.
        var clientsFromStores = false
        /// How long every store has been down (nil while any answers).
        var allStoresDown: Duration?
        var staleIfError: Duration = .zero
    }

    static func judge(_ facts: Facts) -> ReadinessVerdict {
        if facts.draining { return .unavailable("draining: the node is shutting down") }
        if facts.schemaBehind {
            return .unavailable("the PostgreSQL schema is not migrated: run tessera migrate")
        }
        if !facts.revocationsLoaded { return .unavailable("recorded revocations not yet loaded") }
        let down = facts.stores.filter { !$0.up }.map(\.tier.name)
        if down.isEmpty { return ReadinessVerdict(status: .ok, reason: nil) }
        if facts.clientsFromStores, down.count == facts.stores.count,
           let since = facts.allStoresDown, since >= facts.staleIfError {
            return .unavailable("every store is down and cache.local.stale_if_error is spent")
        }
        return ReadinessVerdict(status: .degraded, reason: down.joined(separator: ", ") + (down.count == 1 ? " is down" : " are down"))
    }

    private static func unavailable(_ reason: String) -> ReadinessVerdict {
        ReadinessVerdict(status: .unavailable, reason: reason)
    }
}
