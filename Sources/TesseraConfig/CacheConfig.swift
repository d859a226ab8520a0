/// `cache:` — the in-process LRU and, optionally, Redis behind it.
package struct CacheConfig: Sendable, Equatable {
    package var local: LocalCacheConfig
    /// Absent when the file has no `cache.redis:` section.
    package var redis: RedisConfig?

    package init(local: LocalCacheConfig = LocalCacheConfig(), redis: RedisConfig? = nil) {
        self.local = local
        self.redis = redis
    }
}

/// `cache.local:` — the in-process LRU.
package struct LocalCacheConfig: Sendable, Equatable {
    /// Entries; >= 1.
    package var capacity: Int
    package var ttl: Duration
    /// With the stores down, a cached client is served this long after it was cached; 0 = never.
    package var staleIfError: Duration

    package init(capacity: Int = 100_000, ttl: Duration = .seconds(60), staleIfError: Duration = .seconds(300)) {
        self.capacity = capacity
        self.ttl = ttl
        self.staleIfError = staleIfError
    }
}

/// `cache.redis:` — present only when configured; `url` is required then.
package struct RedisConfig: Sendable, Equatable {
    /// `redis://` or `rediss://`. May carry a password: never log it.
    package var url: String
    /// >= 1.
    package var poolSize: Int
    package var timeout: Duration

    package init(url: String, poolSize: Int = 8, timeout: Duration = .milliseconds(50)) {
        self.url = url
        self.poolSize = poolSize
        self.timeout = timeout
    }
}
