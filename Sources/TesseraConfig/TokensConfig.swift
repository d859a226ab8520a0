/// The JWS algorithm access tokens are signed with.
package enum TokenAlgorithm: String, Sendable, Equatable, CaseIterable {
    /// Ed25519 keys from `keys.directory`.
    case EdDSA
    /// The same Ed25519 keys under the fully-specified name (RFC 9864).
    case Ed25519
    /// P-256 keys (`es256-*.pem`) from `keys.directory`.
    case ES256
    /// RSA keys (`rs256-*.pem`, 2048 bits or more) from `keys.directory`.
    case RS256
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
    /// The longest `clients[].token_ttl` (and `client update --token-ttl`) may ask for.
    package var maxTTL: Duration = .seconds(86400)

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

extension TokensConfig {
    /// The longest any token may live: `ttl`, or a client's `token_ttl` up to `max_ttl`. What a
    /// cut of a client's tokens must outlast.
    package var longestLifetimeSeconds: Int64 { Int64(max(ttl, maxTTL).components.seconds) }
}
