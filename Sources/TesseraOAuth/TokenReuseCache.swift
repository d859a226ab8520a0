import TesseraStore

/// What makes two token requests interchangeable: the client and exactly what it was granted.
/// Scopes and audiences are bit sets over the client's own sorted lists, so building the key on the
/// hot path allocates nothing.
package struct TokenGrantKey: Hashable, Sendable {
    package var clientID: String
    package var scopes: UInt64
    package var audiences: UInt64
    /// The audiences are `tokens.default_audience`, not the client's.
    package var defaultAudience: Bool
    /// The thumbprint of the client certificate a bound token carries (RFC 8705 §3), nil for an
    /// unbound one: a bound token goes only to the same certificate, an unbound one to none.
    var certificate: Digest32?

    package init(clientID: String, scopes: UInt64, audiences: UInt64, defaultAudience: Bool) {
        self.clientID = clientID
        self.scopes = scopes
        self.audiences = audiences
        self.defaultAudience = defaultAudience
    }
}

/// A signed token kept for reuse.
package struct IssuedToken: Sendable, Equatable {
    package var token: [UInt8]
    package var jwtID: String
    package var expiresAt: Int64
    package var scope: String
}

/// Hands back a still-valid token for the same grant (`tokens.reuse`) while it has at least
/// `minRemainingSeconds` to live. Time is unix seconds. `forget(jwtID:)` and
/// `removeAll(clientID:)` are the seams revocation (issue 3) uses so a revoked token is never
/// handed out again.
package final class TokenReuseCache: Sendable {
    private let entries: LRUCache<TokenGrantKey, IssuedToken>
    package let minRemainingSeconds: Int64

    package init(capacity: Int, minRemainingSeconds: Int64) {
        entries = LRUCache(capacity: max(1, capacity))
        self.minRemainingSeconds = max(0, minRemainingSeconds)
    }

    package func token(for key: TokenGrantKey, now: Int64) -> IssuedToken? {
        entries.get(key, now: UInt64(max(0, now)))
    }

    package func store(_ token: IssuedToken, for key: TokenGrantKey) {
        // Usable while exp - now >= minRemaining, i.e. up to and including now == exp - minRemaining.
        let lastUsable = token.expiresAt - minRemainingSeconds
        guard lastUsable >= 0 else { return }
        entries.set(key, token, expiresAt: UInt64(lastUsable) + 1)
    }

    /// Stops handing out the token with this `jti`.
    @discardableResult
    package func forget(jwtID: String) -> Bool {
        entries.removeAll { _, token in token.jwtID == jwtID } > 0
    }

    /// Stops handing out any token of this client (secret rotated, client removed).
    @discardableResult
    package func removeAll(clientID: String) -> Int {
        entries.removeAll { key, _ in key.clientID == clientID }
    }

    package var statistics: LRUStatistics { entries.statistics }
    package var count: Int { entries.count }
}
