/// The audit trail in PostgreSQL (`tessera_audit`, migration 9): insert, query newest first, and
/// the retention purge. There is no statement that changes a record.
package struct PostgresAuditTable: Sendable {
    static let columns = "id, ts_ms, actor, source, request_id, action, target, result, changes"
    static let insert = PostgresStatement(
        name: "tessera_audit_insert",
        sql: """
            INSERT INTO tessera_audit (ts_ms, actor, source, request_id, action, target, result, changes)
            VALUES ($1::bigint, $2, $3, $4, $5, $6, $7, $8) RETURNING id
            """,
        parameterCount: 8)
    static let query = PostgresStatement(
        name: "tessera_audit_query",
        sql: """
            SELECT \(columns) FROM tessera_audit
            WHERE ($1::bigint IS NULL OR ts_ms >= $1::bigint) AND ($2::bigint IS NULL OR ts_ms <= $2::bigint)
              AND ($3::text IS NULL OR actor = $3) AND ($4::text IS NULL OR target = $4)
              AND ($5::text IS NULL OR action = $5) AND ($6::bigint IS NULL OR id < $6::bigint)
            ORDER BY id DESC LIMIT $7::integer
            """,
        parameterCount: 7)
    static let purge = PostgresStatement(
        name: "tessera_audit_purge", sql: "DELETE FROM tessera_audit WHERE ts_ms < $1::bigint", parameterCount: 1)

    package init() {}

    /// Writes `entry`; returns the id it got.
    package func insert(_ entry: AuditEntry, on connection: PostgresConnection) throws(StoreError) -> Int64 {
        let rows = try connection.execute(Self.insert, [
            String(entry.timestampMillis), entry.actor, entry.source, entry.requestID, entry.action, entry.target,
            entry.result, entry.changes,
        ]).rows
        return rows.first?.first.flatMap { $0.flatMap { Int64($0) } } ?? 0
    }

    package func query(_ filter: AuditFilter, on connection: PostgresConnection) throws(StoreError) -> [AuditEntry] {
        let rows = try connection.execute(Self.query, [
            filter.sinceMillis.map { String($0) }, filter.untilMillis.map { String($0) }, filter.actor, filter.target,
            filter.action, filter.before.map { String($0) }, String(filter.limit),
        ]).rows
        return rows.map { row in
            AuditEntry(id: row[0].flatMap { Int64($0) } ?? 0, timestampMillis: row[1].flatMap { Int64($0) } ?? 0,
                       actor: row[2] ?? "", source: row[3] ?? "", requestID: row[4] ?? "", action: row[5] ?? "",
                       target: row[6] ?? "", result: row[7] ?? "", changes: row[8] ?? "{}")
        }
    }

    /// Deletes records written before `olderThanMillis`; returns how many.
    @discardableResult
    package func purge(olderThanMillis: Int64, on connection: PostgresConnection) throws(StoreError) -> Int {
        try connection.execute(Self.purge, [String(olderThanMillis)]).affected
    }
}
