extension CacheConfig {
    static let keys = ["local", "redis"]
    static let localKeys = ["capacity", "ttl", "stale_if_error"]
    static let redisKeys = ["url", "pool_size", "timeout"]

    init(_ section: ConfigSection?) throws(ConfigError) {
        var local = LocalCacheConfig()
        var redis: RedisConfig?
        if let localSection = try section?.section("local", keys: Self.localKeys) {
            local = LocalCacheConfig(
                capacity: try localSection.int("capacity", default: local.capacity, in: 1...Int.max),
                ttl: try localSection.duration("ttl", default: local.ttl),
                staleIfError: try localSection.duration("stale_if_error", default: local.staleIfError, minimum: .zero)
            )
        }
        if let redisSection = try section?.section("redis", keys: Self.redisKeys) {
            redis = try RedisConfig(redisSection)
        }
        self.init(local: local, redis: redis)
    }
}

extension RedisConfig {
    init(_ section: ConfigSection) throws(ConfigError) {
        guard section.has("url") else { throw section.error("url", "is required when cache.redis is present") }
        let url = try section.string("url", default: "")
        guard url.hasPrefix("redis://") || url.hasPrefix("rediss://") else {
            throw section.error("url", "must start with redis:// or rediss://")
        }
        let defaults = RedisConfig(url: url)
        self.init(
            url: url,
            poolSize: try section.int("pool_size", default: defaults.poolSize, in: 1...Int.max),
            timeout: try section.duration("timeout", default: defaults.timeout)
        )
    }
}
