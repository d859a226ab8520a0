import TesseraStore

extension StoreTiers {
    /// The PostgreSQL pool's gauges and counters in Prometheus text (appended to /metrics).
    func renderMetrics(into out: inout String) {
        let stats = database?.statistics ?? PostgresPoolStatistics()
        out += "# HELP tessera_db_pool_connections PostgreSQL pool connections by state.\n"
        out += "# TYPE tessera_db_pool_connections gauge\n"
        out += "tessera_db_pool_connections{state=\"open\"} \(stats.open)\n"
        out += "tessera_db_pool_connections{state=\"idle\"} \(stats.idle)\n"
        out += "tessera_db_pool_connections{state=\"in_use\"} \(stats.inUse)\n"
        out += "# HELP tessera_db_pool_waits_total Borrowers that waited for a pooled connection, and those that gave up.\n"
        out += "# TYPE tessera_db_pool_waits_total counter\n"
        out += "tessera_db_pool_waits_total{result=\"served\"} \(stats.waitCount - stats.waitTimeouts)\n"
        out += "tessera_db_pool_waits_total{result=\"timeout\"} \(stats.waitTimeouts)\n"
        out += "# HELP tessera_db_pool_closed_total PostgreSQL connections closed, by reason.\n"
        out += "# TYPE tessera_db_pool_closed_total counter\n"
        out += "tessera_db_pool_closed_total{reason=\"max_idle\"} \(stats.closedMaxIdle)\n"
        out += "tessera_db_pool_closed_total{reason=\"max_lifetime\"} \(stats.closedMaxLifetime)\n"
        out += "tessera_db_pool_closed_total{reason=\"broken\"} \(stats.closedBroken)\n"
    }
}
