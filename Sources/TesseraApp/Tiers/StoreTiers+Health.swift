import TesseraStore

extension StoreTiers {
    /// `tessera_tier_up{tier}` for each configured tier and `tessera_store_errors_total{tier}`.
    func renderHealth(into out: inout String) {
        let states = tierStates
        out += "# HELP tessera_tier_up Whether a configured tier answers (1) or not (0).\n"
        out += "# TYPE tessera_tier_up gauge\n"
        for state in states {
            out += "tessera_tier_up{tier=\"\(state.tier.name)\"} \(state.up ? 1 : 0)\n"
        }
        out += "# HELP tessera_store_errors_total Failed Redis and PostgreSQL operations (connections, commands, pool waits).\n"
        out += "# TYPE tessera_store_errors_total counter\n"
        if let redis { out += "tessera_store_errors_total{tier=\"\(StoreTier.redis.name)\"} \(redis.errorCount)\n" }
        if let database { out += "tessera_store_errors_total{tier=\"\(StoreTier.postgres.name)\"} \(database.errorCount)\n" }
    }
}
