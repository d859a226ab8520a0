import TesseraStore

/// Where the client operations reach PostgreSQL: one connection of their own (the CLI) or a
/// node's pool (the admin API). Each operation runs in one transaction on one connection.
package enum ClientStoreAccess: Sendable {
    case connection(PostgresConnection)
    case pool(PostgresPool)

    func withConnection<R>(_ body: (PostgresConnection) throws(StoreError) -> R) throws(StoreError) -> R {
        switch self {
        case .connection(let connection): return try body(connection)
        case .pool(let pool): return try pool.withConnection(body)
        }
    }

    /// `body` in one transaction: committed when it returns, rolled back when anything throws,
    /// so a change is applied whole or not at all.
    func transaction<R>(_ body: (PostgresConnection) throws -> R) throws -> R {
        let outcome: Result<R, any Error> = try withConnection { connection throws(StoreError) in
            try connection.exec("BEGIN")
            do {
                let result = try body(connection)
                try connection.exec("COMMIT")
                return .success(result)
            } catch {
                _ = try? connection.exec("ROLLBACK")
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
