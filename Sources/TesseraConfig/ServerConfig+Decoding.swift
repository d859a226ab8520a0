extension ServerConfig {
    static let keys = [
        "listen", "workers", "max_connections", "request_timeout", "idle_timeout",
        "max_header_bytes", "max_body_bytes", "tls", "trusted_proxies", "shutdown_delay", "shutdown_timeout",
    ]

    init(_ section: ConfigSection?) throws(ConfigError) {
        let defaults = ServerConfig()
        guard let section else {
            self = defaults
            return
        }
        var listen = defaults.listen
        if section.has("listen") {
            let text = try section.string("listen", default: "")
            do {
                listen = try HostPort(parsing: text)
            } catch {
                throw section.error("listen", error.message)
            }
        }
        self.init(
            listen: listen,
            workers: try section.int("workers", default: defaults.workers, in: 0...1024),
            maxConnections: try section.int("max_connections", default: defaults.maxConnections, in: 1...Int.max),
            requestTimeout: try section.duration("request_timeout", default: defaults.requestTimeout),
            idleTimeout: try section.duration("idle_timeout", default: defaults.idleTimeout),
            maxHeaderBytes: try section.int("max_header_bytes", default: defaults.maxHeaderBytes, in: 256...(1 << 20)),
            maxBodyBytes: try section.int("max_body_bytes", default: defaults.maxBodyBytes, in: 1...(16 << 20)),
            tls: try section.section("tls", keys: TLSConfig.keys).map { section throws(ConfigError) in try TLSConfig(section) },
            trustedProxies: try Self.trustedProxies(section),
            shutdownDelay: try section.duration("shutdown_delay", default: defaults.shutdownDelay, minimum: .zero),
            shutdownTimeout: try section.duration("shutdown_timeout", default: defaults.shutdownTimeout, minimum: .zero)
        )
    }
}

extension ServerConfig {
    static func trustedProxies(_ section: ConfigSection) throws(ConfigError) -> [String] {
        var result: [String] = []
        for item in try section.list("trusted_proxies") {
            let text = try section.reader.text(item.node, at: item.path, expected: "a CIDR string")
            if let problem = TrustedProxy.problem(text) { throw section.reader.error(item.path, problem) }
            result.append(text)
        }
        return result
    }
}
