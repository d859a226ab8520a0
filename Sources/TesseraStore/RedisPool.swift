import TesseraCore
/// `pool_size` Redis connections, each used by one thread at a time: a `ConnectionPool` whose
/// borrowers wait at most the configured timeout for a free connection. A connection that failed
/// is closed, never handed out again; new connections are opened on demand, but after a failure
/// (or a lost connection) only once the `Backoff` delay has passed, so a dead Redis costs callers
/// an immediate `unavailable` instead of a connect timeout each.
package final class RedisPool: Sendable {
    package let options: RedisOptions
    private let pool: ConnectionPool<RedisConnection>

    package init(options: RedisOptions) {
        self.options = options
        pool = ConnectionPool(
            limits: ConnectionPoolLimits(
                maxOpen: options.poolSize, maxIdle: options.poolSize, maxLifetime: .zero,
                waitTimeout: options.timeout, backoff: options.backoff, lostConnectionBacksOff: true),
            errors: ConnectionPoolErrors(tier: .redis, timedOut: "no free connection within the timeout")
        ) { () throws(StoreError) in try RedisConnection(options) }
    }

    /// Runs `body` with a borrowed connection; a connection left broken is discarded.
    package func withConnection<R>(_ body: (RedisConnection) throws(StoreError) -> R) throws(StoreError) -> R {
        try pool.withConnection(body)
    }

    /// Failed borrows and commands since start (`tessera_store_errors_total`).
    package var errorCount: Int { pool.errorCount }

    package func command(_ arguments: [String]) throws(StoreError) -> RedisReply {
        try withConnection { connection throws(StoreError) in try connection.command(arguments) }
    }

    package func command(_ arguments: [[UInt8]]) throws(StoreError) -> RedisReply {
        try withConnection { connection throws(StoreError) in try connection.command(arguments) }
    }

    /// True when Redis answers PING now.
    package func ping() -> Bool {
        (try? command(["PING"])) == .status("PONG")
    }

    /// Connections open (idle and in use).
    package var openCount: Int { pool.openCount }
}
