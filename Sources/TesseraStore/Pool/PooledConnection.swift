import TesseraCore

/// What a `ConnectionPool` needs to know of a connection: whether it may be handed out again and
/// how old it is (for `conn_max_lifetime`). Closing is the connection's deinit.
package protocol PooledConnection: AnyObject, Sendable {
    /// True once a transport failure left the connection unusable for good.
    var isBroken: Bool { get }
    /// When it was opened, on the pool's monotonic clock.
    var openedAt: MonotonicInstant { get }
}

/// The limits of one pool, with Go `database/sql` meanings (PostgreSQL maps its `database:`
/// settings one to one; Redis is `pool_size` open and idle, no lifetime, `timeout` to wait).
package struct ConnectionPoolLimits: Sendable, Equatable {
    /// Most connections open at once, in use, idle or being opened; 0 = no limit.
    package var maxOpen: Int
    /// Most idle connections kept; a connection returned beyond it is closed.
    package var maxIdle: Int
    /// A connection older than this is closed instead of reused; zero = never.
    package var maxLifetime: Duration
    /// Longest wait for a connection when `maxOpen` are open; then the `timedOut` error.
    package var waitTimeout: Duration
    /// Delay of the next connect after failed ones.
    package var backoff: Backoff
    /// Whether a connection returned broken delays the next connect like a failed connect does
    /// (Redis: a lost connection usually means a lost server).
    package var lostConnectionBacksOff: Bool

    package init(
        maxOpen: Int, maxIdle: Int, maxLifetime: Duration, waitTimeout: Duration, backoff: Backoff,
        lostConnectionBacksOff: Bool = false
    ) {
        (self.maxOpen, self.maxIdle) = (max(0, maxOpen), max(0, maxIdle))
        (self.maxLifetime, self.waitTimeout) = (maxLifetime, waitTimeout)
        (self.backoff, self.lostConnectionBacksOff) = (backoff, lostConnectionBacksOff)
    }
}

/// The errors a pool answers with itself, named for its store (`tier`).
package struct ConnectionPoolErrors: Sendable {
    /// Every connection stayed in use for the whole wait (503 at the HTTP edge).
    package var timedOut: StoreError
    /// Within the backoff after a failure, when no earlier error is known.
    package var reconnecting: StoreError
    /// A connection came back broken (recorded when `lostConnectionBacksOff`).
    package var lost: StoreError

    package init(tier: StoreTier, timedOut reason: String) {
        timedOut = .unavailable(tier: tier, reason: reason)
        reconnecting = .unavailable(tier: tier, reason: "reconnecting")
        lost = .unavailable(tier: tier, reason: "connection lost")
    }
}

/// A snapshot of a pool for `/metrics` (`tessera_db_pool_connections{state}`) and tests.
package struct ConnectionPoolStatistics: Sendable, Equatable {
    package var open = 0
    package var idle = 0
    package var inUse = 0
    /// Borrowers that had to wait, and how many of them gave up at the wait timeout.
    package var waitCount = 0
    package var waitTimeouts = 0
    /// The time they waited, in all.
    package var waited: Duration = .zero
    package var closedMaxIdle = 0
    package var closedMaxLifetime = 0
    package var closedBroken = 0
    /// Most connections ever open at once.
    package var peakOpen = 0

    package init() {}
}

package typealias PostgresPoolStatistics = ConnectionPoolStatistics
