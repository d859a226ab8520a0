import TesseraCore
/// The PostgreSQL `ConnectionPool`, with the `database:` settings as Go `database/sql` means them
/// (`max_open_conns`, `max_idle_conns`, `conn_max_lifetime`, `wait_timeout`; see
/// `PostgresPoolOptions`). A borrower that waited `wait_timeout` with every connection in use gets
/// `waitTimedOut` (503 `temporarily_unavailable` at the HTTP edge).
package final class PostgresPool: Sendable {
    package let options: PostgresPoolOptions
    /// What a borrower gets after waiting `wait_timeout` with every connection in use.
    package static let waitTimedOut = StoreError.unavailable(tier: .postgres, reason: "no connection free within wait_timeout")
    private let pool: ConnectionPool<PostgresConnection>

    /// `onWait` gets how long each waiting borrower waited (for the wait histogram).
    package init(options: PostgresPoolOptions, onWait: @escaping @Sendable (Duration) -> Void = { _ in }) {
        self.options = options
        pool = ConnectionPool(
            limits: ConnectionPoolLimits(
                maxOpen: options.maxOpen, maxIdle: options.maxIdle, maxLifetime: options.maxLifetime,
                waitTimeout: options.waitTimeout, backoff: options.backoff),
            errors: ConnectionPoolErrors(tier: .postgres, timedOut: "no connection free within wait_timeout"),
            onWait: onWait
        ) { () throws(StoreError) in
            try PostgresConnection(
                url: options.url, connectTimeoutSeconds: options.connectTimeoutSeconds,
                queryTimeout: options.queryTimeout)
        }
    }

    /// Runs `body` with a borrowed connection and returns it (or discards it when broken).
    package func withConnection<R>(_ body: (PostgresConnection) throws(StoreError) -> R) throws(StoreError) -> R {
        try pool.withConnection(body)
    }

    /// Failed borrows and operations since start (`tessera_store_errors_total`).
    package var errorCount: Int { pool.errorCount }

    package func borrow() throws(StoreError) -> PostgresConnection { try pool.borrow() }

    package func release(_ connection: PostgresConnection) { pool.release(connection) }

    package var statistics: PostgresPoolStatistics { pool.statistics }

    /// Closes idle connections past their lifetime (Go's connection cleaner); returns how many.
    @discardableResult
    package func closeExpired() -> Int { pool.closeExpired() }

    /// Closes every idle connection (shutdown, tests).
    package func closeIdle() { pool.closeIdle() }
}
