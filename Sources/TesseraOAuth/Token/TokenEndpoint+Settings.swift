import TesseraCore

extension TokenEndpoint {
    /// Everything the token endpoint needs from the configuration, as plain values; the App maps
    /// `Config` into it.
    package struct Settings: Sendable, Equatable {
        /// The `iss` claim.
        package var issuer: String
        /// Token lifetime (`tokens.ttl`).
        package var ttlSeconds: Int64
        /// `aud` when the request names none (`tokens.default_audience`); empty means the client's.
        package var defaultAudience: [String]
        /// Hand back a still-valid token for the same grant (`tokens.reuse`).
        package var reuse: Bool
        /// ...only while it has at least this long to live (`tokens.reuse_min_remaining`).
        package var reuseMinRemainingSeconds: Int64
        /// Entries in each in-process cache (`cache.local.capacity`).
        package var cacheCapacity: Int
        /// How long one successful slow-hash verification is trusted.
        package var verifiedSecretTTLSeconds: Int64
        package var limits: RateLimits

        package init(
            issuer: String, ttlSeconds: Int64 = 3600, defaultAudience: [String] = [], reuse: Bool = true,
            reuseMinRemainingSeconds: Int64 = 300, cacheCapacity: Int = 100_000,
            verifiedSecretTTLSeconds: Int64 = 3600, limits: RateLimits = RateLimits()
        ) {
            self.issuer = issuer
            self.ttlSeconds = ttlSeconds
            self.defaultAudience = defaultAudience
            self.reuse = reuse
            self.reuseMinRemainingSeconds = reuseMinRemainingSeconds
            self.cacheCapacity = cacheCapacity
            self.verifiedSecretTTLSeconds = verifiedSecretTTLSeconds
            self.limits = limits
        }
    }

    /// The endpoint's mutable state. Kept apart so a reloaded endpoint (SIGHUP: new registry or
    /// key) can take over the old one's memoized verifications, reusable tokens and limits.
    package struct Caches: Sendable {
        package let verifiedSecrets: VerifiedSecretCache
        package let reuse: TokenReuseCache
        package let limiter: RateLimiter

        /// `clock`: both caches' time, for tests; by default each its own (`VerifiedSecretCache`'s
        /// coarse one, the rate limiter's exact one).
        package init(settings: Settings, clock: MonotonicClock? = nil) {
            verifiedSecrets = VerifiedSecretCache(
                capacity: settings.cacheCapacity, ttlSeconds: settings.verifiedSecretTTLSeconds, clock: clock ?? .coarse)
            reuse = TokenReuseCache(capacity: settings.cacheCapacity, minRemainingSeconds: settings.reuseMinRemainingSeconds)
            limiter = RateLimiter(limits: settings.limits, capacity: settings.cacheCapacity, clock: clock ?? .system)
        }
    }
}
