/// The status log in PostgreSQL (migration 10): `tessera_status_counter` hands out indexes,
/// `tessera_status_log` keeps the entries, read incrementally by sequence number.
package struct PostgresStatusLog: StatusLogStore {
    static let reserve = PostgresStatement(
        name: "tessera_status_reserve",
        sql: "UPDATE tessera_status_counter SET next = next + $1::bigint WHERE id = 1 RETURNING epoch, next",
        parameterCount: 1)
    static let append = PostgresStatement(
        name: "tessera_status_append",
        sql: "INSERT INTO tessera_status_log (entry, expires_at) VALUES ($1, $2::bigint)", parameterCount: 2)
    static let read = PostgresStatement(
        name: "tessera_status_read",
        sql: "SELECT seq, entry FROM tessera_status_log WHERE seq > $1::bigint AND expires_at > $2::bigint ORDER BY seq",
        parameterCount: 2)
    static let prune = PostgresStatement(
        name: "tessera_status_prune", sql: "DELETE FROM tessera_status_log WHERE expires_at <= $1::bigint",
        parameterCount: 1)
    /// Sequence numbers are taken at insert and committed a moment later, so a reader can see
    /// seq N+1 before N: each read looks this far behind its cursor again (entries are idempotent).
    static let lookBehind: Int64 = 256

    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    package func reserve(_ count: Int64) throws(StoreError) -> (epoch: String, start: Int64) {
        let rows = try pool.withConnection { connection throws(StoreError) in
            try connection.execute(Self.reserve, [String(count)]).rows
        }
        guard let row = rows.first, let epoch = row[0], let next = row[1].flatMap({ Int64($0) }) else {
            throw .unavailable(tier: .postgres, reason: "the status list counter is missing (run tessera migrate)")
        }
        return (epoch, next - count)
    }

    package func append(_ entry: String, expiresAt: Int64) throws(StoreError) {
        try pool.withConnection { connection throws(StoreError) in
            _ = try connection.execute(Self.append, [entry, String(expiresAt)])
        }
    }

    package func read(after cursor: Int64, now: Int64) throws(StoreError) -> (entries: [String], cursor: Int64) {
        let rows = try pool.withConnection { connection throws(StoreError) in
            if cursor == 0 { _ = try connection.execute(Self.prune, [String(now)]) }
            return try connection.execute(Self.read, [String(max(0, cursor - Self.lookBehind)), String(now)]).rows
        }
        var next = cursor
        var entries: [String] = []
        for row in rows {
            guard let seq = row[0].flatMap({ Int64($0) }), let entry = row[1] else { continue }
            next = max(next, seq)
            entries.append(entry)
        }
        return (entries, next)
    }
}
