/// Where an answer came from, or which store failed: the local LRU, Redis, PostgreSQL, or the
/// node's own state directory (the revocation journal). Its `name` is what metrics labels, log
/// fields, `/readyz` and `Server-Timing` say.
package enum StoreTier: Int, Sendable, CaseIterable, CustomStringConvertible {
    case local, redis, postgres, state

    /// The tiers a lookup walks, in order (the ones `tessera_cache_lookups_total` counts).
    package static let lookupTiers: [StoreTier] = [.local, .redis, .postgres]

    package var name: String {
        switch self {
        case .local: "local"
        case .redis: "redis"
        case .postgres: "postgres"
        case .state: "state"
        }
    }

    package var description: String { name }
}
