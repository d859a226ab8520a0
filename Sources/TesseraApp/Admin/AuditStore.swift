import TesseraStore

/// Where audit records are kept: PostgreSQL when configured, else a file under `state.directory`.
/// Append and read only, plus the retention purge: nothing changes a record.
package protocol AuditStore: Sendable {
    /// Appends `entry` (its id is ignored); returns the id it got.
    func append(_ entry: AuditEntry) throws(AdminError) -> Int64
    func query(_ filter: AuditFilter) throws(AdminError) -> [AuditEntry]
    func purge(olderThanMillis: Int64) throws(AdminError)
}

/// `tessera_audit` through a pool (the server) or one connection (the CLI).
struct PostgresAuditStore: AuditStore, @unchecked Sendable {
    // @unchecked: the pool is thread-safe; the CLI's single connection is used by its one thread only.
    /// One of the two; a CLI's connection is used by its one thread only.
    let pool: PostgresPool?
    let single: PostgresConnection?

    private func run<R>(_ body: (PostgresConnection) throws(StoreError) -> R) throws(AdminError) -> R {
        do throws(StoreError) {
            if let pool { return try pool.withConnection(body) }
            return try body(single!)
        } catch {
            throw .unavailable("the audit trail could not be read or written: \(error)")
        }
    }

    func append(_ entry: AuditEntry) throws(AdminError) -> Int64 {
        try run { connection throws(StoreError) in try PostgresAuditTable().insert(entry, on: connection) }
    }

    func query(_ filter: AuditFilter) throws(AdminError) -> [AuditEntry] {
        try run { connection throws(StoreError) in try PostgresAuditTable().query(filter, on: connection) }
    }

    func purge(olderThanMillis: Int64) throws(AdminError) {
        _ = try run { connection throws(StoreError) in try PostgresAuditTable().purge(olderThanMillis: olderThanMillis, on: connection) }
    }
}
