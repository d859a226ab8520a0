import TesseraConfig

/// The config keys a SIGHUP cannot apply to a running service (the listening sockets, the
/// server's limits, the store pools and caches built at start, the span exporter): a reload that
/// changes them says so, naming each. `old` is the config in effect, the one these were built
/// from, so every reload says so until a restart (or the change is undone).
enum RestartKeys {
    static func changed(from old: Config, to new: Config) -> [String] {
        var keys: [String] = []
        func check(_ name: String, _ changed: Bool) { if changed { keys.append(name) } }
        check("server.listen", old.server.listen != new.server.listen)
        check("server.workers", old.server.workers != new.server.workers)
        check("server.max_connections", old.server.maxConnections != new.server.maxConnections)
        check("server.request_timeout", old.server.requestTimeout != new.server.requestTimeout)
        check("server.idle_timeout", old.server.idleTimeout != new.server.idleTimeout)
        check("server.max_header_bytes", old.server.maxHeaderBytes != new.server.maxHeaderBytes)
        check("server.max_body_bytes", old.server.maxBodyBytes != new.server.maxBodyBytes)
        check("server.trusted_proxies", old.server.trustedProxies != new.server.trustedProxies)
        // The client LRU in front of Redis/PostgreSQL is built once with the stores.
        let stores = old.cache.redis != nil || old.database != nil
        check("cache.local.capacity", stores && old.cache.local.capacity != new.cache.local.capacity)
        check("cache.local.ttl", stores && old.cache.local.ttl != new.cache.local.ttl)
        check("cache.redis", old.cache.redis != new.cache.redis)
        check("database", old.database != new.database)
        check("tracing", old.tracing != new.tracing)
        return keys
    }
}
