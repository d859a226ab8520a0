/// Failures of a storage tier. A tier that cannot answer is `unavailable`, which callers turn into
/// 503 `temporarily_unavailable` -- never into "no such client". A server that answered with an
/// error (a Redis error reply, a PostgreSQL error with its SQLSTATE) is `server`: the connection
/// still works, the request was wrong or refused.
package enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case unavailable(tier: StoreTier, reason: String)
    case server(tier: StoreTier, code: String, message: String)

    package var tier: StoreTier {
        switch self {
        case .unavailable(let tier, _), .server(let tier, _, _): tier
        }
    }

    package var description: String {
        switch self {
        case .unavailable(let tier, let reason): "\(tier) unavailable: \(reason)"
        case .server(let tier, let code, let message): "\(tier) error \(code): \(message)"
        }
    }
}
