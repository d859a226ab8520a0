extension DatabaseConfig {
    static let keys = ["url", "max_open_conns", "max_idle_conns", "conn_max_lifetime", "wait_timeout"]

    init(_ section: ConfigSection) throws(ConfigError) {
        guard section.has("url") else { throw section.error("url", "is required when database is present") }
        let url = try section.string("url", default: "")
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw section.error("url", "must start with postgres:// or postgresql://")
        }
        let defaults = DatabaseConfig(url: url)
        let maxOpen = try section.int("max_open_conns", default: defaults.maxOpenConns, in: 1...Int.max)
        // Left out, the idle count follows a small max_open_conns down instead of failing.
        let maxIdle = try section.int("max_idle_conns", default: min(defaults.maxIdleConns, maxOpen))
        guard maxIdle <= maxOpen else {
            throw section.error("max_idle_conns", "must not exceed database.max_open_conns (\(maxOpen)), got \(maxIdle)")
        }
        self.init(
            url: url,
            maxOpenConns: maxOpen,
            maxIdleConns: maxIdle,
            connMaxLifetime: try section.duration("conn_max_lifetime", default: defaults.connMaxLifetime, minimum: .zero),
            waitTimeout: try section.duration("wait_timeout", default: defaults.waitTimeout)
        )
    }
}
