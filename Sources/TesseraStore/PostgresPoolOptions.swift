/// The `database:` settings as the pool uses them, with Go `database/sql` meanings.
package struct PostgresPoolOptions: Sendable, Equatable {
    package var url: String
    /// Most connections open at once, in use or idle (`max_open_conns`); 0 = no limit.
    package var maxOpen: Int
    /// Most idle connections kept (`max_idle_conns`); a connection returned beyond it is closed.
    package var maxIdle: Int
    /// A connection older than this is closed instead of reused (`conn_max_lifetime`); 0 = never.
    package var maxLifetimeNanoseconds: UInt64
    /// Longest wait for a connection when `maxOpen` are in use (`wait_timeout`); then 503.
    package var waitTimeoutNanoseconds: UInt64
    package var connectTimeoutSeconds: Int
    /// Longest wait for the answer to one statement; then the connection is dropped as broken.
    package var queryTimeoutNanoseconds: UInt64

    package init(
        url: String, maxOpen: Int = 100, maxIdle: Int = 20, maxLifetimeNanoseconds: UInt64 = 300_000_000_000,
        waitTimeoutNanoseconds: UInt64 = 100_000_000, connectTimeoutSeconds: Int = 2,
        queryTimeoutNanoseconds: UInt64 = 2_000_000_000
    ) {
        self.url = url
        self.maxOpen = max(0, maxOpen)
        self.maxIdle = max(0, maxOpen > 0 ? min(maxIdle, maxOpen) : maxIdle)
        self.maxLifetimeNanoseconds = maxLifetimeNanoseconds
        self.waitTimeoutNanoseconds = waitTimeoutNanoseconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.queryTimeoutNanoseconds = queryTimeoutNanoseconds
    }
}

/// A snapshot of the pool for `/metrics` (`tessera_db_pool_connections{state}`) and tests.
package struct PostgresPoolStatistics: Sendable, Equatable {
    package var open = 0
    package var idle = 0
    package var inUse = 0
    /// Borrowers that had to wait, and how many of them gave up at `wait_timeout`.
    package var waitCount = 0
    package var waitTimeouts = 0
    package var waitNanoseconds: UInt64 = 0
    package var closedMaxIdle = 0
    package var closedMaxLifetime = 0
    package var closedBroken = 0
    /// Most connections ever open at once.
    package var peakOpen = 0

    package init() {}
}
