/// `database:` — PostgreSQL, present only when configured; `url` is required then.
package struct DatabaseConfig: Sendable, Equatable {
    /// `postgres://` or `postgresql://`. Carries a password: never log it.
    package var url: String
    /// >= 1.
    package var maxOpenConns: Int
    /// 0 ... `maxOpenConns`. When the file leaves it out: min(20, max_open_conns).
    package var maxIdleConns: Int
    /// How long a connection may be reused; 0 = no limit.
    package var connMaxLifetime: Duration
    /// Longest wait for a pooled connection before answering 503; > 0.
    package var waitTimeout: Duration

    package init(
        url: String,
        maxOpenConns: Int = 100,
        maxIdleConns: Int = 20,
        connMaxLifetime: Duration = .seconds(300),
        waitTimeout: Duration = .milliseconds(100)
    ) {
        self.url = url
        self.maxOpenConns = maxOpenConns
        self.maxIdleConns = maxIdleConns
        self.connMaxLifetime = connMaxLifetime
        self.waitTimeout = waitTimeout
    }
}
