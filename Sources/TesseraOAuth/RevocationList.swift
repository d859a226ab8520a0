import TesseraStore

/// The tokens revoked on this node (and, with the Redis tier, on every node): `jti` -> `exp`.
///
/// An entry lives exactly as long as the token it revokes -- after `exp` the token is inactive
/// anyway -- so memory is bounded by the revoked tokens still alive, and no entry is ever evicted
/// early (which would bring a revoked token back to life). Time is unix seconds. Outlives reloads:
/// the service owns one list for its whole life and hands it to every rebuilt endpoint.
package final class RevocationList: Sendable {
    private let entries = ExpiringSet<String>()

    package init() {}

    /// Records that the token with this `jti` is revoked until `expiresAt`. Returns false when it
    /// already was.
    @discardableResult
    package func revoke(jwtID: String, expiresAt: Int64, now: Int64) -> Bool {
        entries.insert(jwtID, expiresAt: Self.time(expiresAt), now: Self.time(now))
    }

    /// Applies a revocation made elsewhere (another node, through the Redis tier of issue 4).
    @discardableResult
    package func apply(_ revocation: Revocation, now: Int64) -> Bool {
        revoke(jwtID: revocation.jwtID, expiresAt: revocation.expiresAt, now: now)
    }

    package func isRevoked(jwtID: String, now: Int64) -> Bool {
        entries.contains(jwtID, now: Self.time(now))
    }

    /// Drops the entries of expired tokens.
    @discardableResult
    package func removeExpired(now: Int64) -> Int { entries.removeExpired(now: Self.time(now)) }

    /// Entries held (expired ones not yet swept included).
    package var count: Int { entries.count }

    private static func time(_ unix: Int64) -> UInt64 { UInt64(max(0, unix)) }
}
