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
    /// Delay of the next connect after failed ones.
    package var backoff: Backoff

    package init(
        url: String, maxOpen: Int = 100, maxIdle: Int = 20, maxLifetimeNanoseconds: UInt64 = 300_000_000_000,
        waitTimeoutNanoseconds: UInt64 = 100_000_000, connectTimeoutSeconds: Int = 2,
        queryTimeoutNanoseconds: UInt64 = 2_000_000_000,
        backoff: Backoff = Backoff(baseNanoseconds: 50_000_000, capNanoseconds: 1_000_000_000)
    ) {
        self.url = url
        self.maxOpen = max(0, maxOpen)
        self.maxIdle = max(0, maxOpen > 0 ? min(maxIdle, maxOpen) : maxIdle)
        self.maxLifetimeNanoseconds = maxLifetimeNanoseconds
        self.waitTimeoutNanoseconds = waitTimeoutNanoseconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.queryTimeoutNanoseconds = queryTimeoutNanoseconds
        self.backoff = backoff
    }
}
