/// The `database:` settings as the pool uses them, with Go `database/sql` meanings.
package struct PostgresPoolOptions: Sendable, Equatable {
    package var url: String
    /// Most connections open at once, in use or idle (`max_open_conns`); 0 = no limit.
    package var maxOpen: Int
    /// Most idle connections kept (`max_idle_conns`); a connection returned beyond it is closed.
    package var maxIdle: Int
    /// A connection older than this is closed instead of reused (`conn_max_lifetime`); 0 = never.
    package var maxLifetime: Duration
    /// Longest wait for a connection when `maxOpen` are in use (`wait_timeout`); then 503.
    package var waitTimeout: Duration
    package var connectTimeoutSeconds: Int
    /// Longest wait for the answer to one statement; then the connection is dropped as broken.
    package var queryTimeout: Duration
    /// Delay of the next connect after failed ones.
    package var backoff: Backoff

    package init(
        url: String, maxOpen: Int = 100, maxIdle: Int = 20, maxLifetime: Duration = .seconds(300),
        waitTimeout: Duration = .milliseconds(100), connectTimeoutSeconds: Int = 2,
        queryTimeout: Duration = .seconds(2),
        backoff: Backoff = Backoff(base: .milliseconds(50), cap: .seconds(1))
    ) {
        self.url = url
        self.maxOpen = max(0, maxOpen)
        self.maxIdle = max(0, maxOpen > 0 ? min(maxIdle, maxOpen) : maxIdle)
        self.maxLifetime = maxLifetime
        self.waitTimeout = waitTimeout
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.queryTimeout = queryTimeout
        self.backoff = backoff
    }
}
