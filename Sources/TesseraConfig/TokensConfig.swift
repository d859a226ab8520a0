/// The JWS algorithm access tokens are signed with.
package enum TokenAlgorithm: String, Sendable, Equatable, CaseIterable {
    /// Ed25519 keys from `keys.directory`.
    case EdDSA
    /// HMAC-SHA256 with `keys.hs256_secret`.
    case HS256
}

/// `tokens:` — what issued access tokens look like and when they are reused.
package struct TokensConfig: Sendable, Equatable {
    package var algorithm: TokenAlgorithm
    /// Lifetime of an access token; >= 1 s.
    package var ttl: Duration
    /// `aud` when the request names none; empty means "all of the client's audiences".
    package var defaultAudience: [String]
    /// Hand back a still-valid token for the same client, scopes and audiences.
    package var reuse: Bool
    /// Only reuse a token with at least this long to live; < `ttl`. When the file leaves it
    /// out: min(5m, ttl / 2).
    package var reuseMinRemaining: Duration

    package init(
        algorithm: TokenAlgorithm = .EdDSA,
        ttl: Duration = .seconds(3600),
        defaultAudience: [String] = [],
        reuse: Bool = true,
        reuseMinRemaining: Duration = .seconds(300)
    ) {
        self.algorithm = algorithm
        self.ttl = ttl
        self.defaultAudience = defaultAudience
        self.reuse = reuse
        self.reuseMinRemaining = reuseMinRemaining
    }
}
