import Synchronization
/// A pool of PostgreSQL connections with Go `database/sql` semantics:
///
/// - at most `maxOpen` connections exist at once (in use, idle, or being opened);
/// - a returned connection is kept idle only while fewer than `maxIdle` are idle, else closed;
/// - a connection older than `maxLifetime` is closed when next returned or found idle;
/// - a borrower finding every connection in use waits at most `waitTimeout`, then gets
///   `StoreError.unavailable` (503 `temporarily_unavailable` at the HTTP edge);
/// - a broken connection is discarded, never handed out again.
package final class PostgresPool: @unchecked Sendable {
    package let options: PostgresPoolOptions
    /// What a borrower gets after waiting `wait_timeout` with every connection in use.
    package static let waitTimedOut = StoreError.unavailable(tier: "postgres", reason: "no connection free within wait_timeout")
    private let condition = PoolCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var stats = PostgresPoolStatistics()
    /// After a failed connect, borrowers that would open a connection fail at once until
    /// `nextAttempt` (capped exponential backoff with jitter), instead of each waiting out a
    /// connect timeout against a server that is down.
    private var failures = 0
    private var nextAttempt: UInt64 = 0
    private var lastError: StoreError?
    /// Called with the nanoseconds each waiting borrower waited (for the wait histogram).
    private let onWait: @Sendable (UInt64) -> Void
    private let errors = Atomic<Int>(0)

    package init(options: PostgresPoolOptions, onWait: @escaping @Sendable (UInt64) -> Void = { _ in }) {
        self.options = options
        self.onWait = onWait
    }

    /// Runs `body` with a borrowed connection and returns it (or discards it when broken).
    package func withConnection<R>(_ body: (PostgresConnection) throws(StoreError) -> R) throws(StoreError) -> R {
        let connection = try borrow()
        defer { release(connection) }
        do {
            return try body(connection)
        } catch {
            errors.add(1, ordering: .relaxed)
            throw error
        }
    }

    /// Failed borrows and operations since start (`tessera_store_errors_total`).
    package var errorCount: Int { errors.load(ordering: .relaxed) }

    package func borrow() throws(StoreError) -> PostgresConnection {
        do {
            return try take()
        } catch {
            errors.add(1, ordering: .relaxed)
            throw error
        }
    }

    package var statistics: PostgresPoolStatistics {
        condition.withLock {
            var snapshot = stats
            snapshot.open = open
            snapshot.idle = idle.count
            snapshot.inUse = open - idle.count
            return snapshot
        }
    }

    private enum Step {
        case use(PostgresConnection)
        case connect
        case timeout
        case down(StoreError)
    }

    private func take() throws(StoreError) -> PostgresConnection {
        var expired: [PostgresConnection] = []
        var waitedSince: UInt64 = 0
        let step: Step = condition.withLock {
            while true {
                while let connection = idle.popLast() {
                    if isExpired(connection) || connection.isBroken {
                        open -= 1
                        if connection.isBroken { stats.closedBroken += 1 } else { stats.closedMaxLifetime += 1 }
                        expired.append(connection)
                        continue
                    }
                    return .use(connection)
                }
                if options.maxOpen == 0 || open < options.maxOpen {
                    if failures > 0 && MonotonicClock.systemNanoseconds() < nextAttempt, let lastError {
                        return .down(lastError)
                    }
                    open += 1
                    stats.peakOpen = max(stats.peakOpen, open)
                    return .connect
                }
                let now = MonotonicClock.systemNanoseconds()
                if waitedSince == 0 {
                    waitedSince = now
                    stats.waitCount += 1
                }
                let deadline = waitedSince &+ options.waitTimeoutNanoseconds
                if now >= deadline || !condition.wait(untilNanoseconds: deadline) {
                    if idle.isEmpty && open >= options.maxOpen {
                        stats.waitTimeouts += 1
                        return .timeout
                    }
                }
            }
        }
        expired.removeAll()  // closes them, outside the lock
        if waitedSince != 0 {
            let waited = MonotonicClock.systemNanoseconds() &- waitedSince
            condition.withLock { stats.waitNanoseconds &+= waited }
            onWait(waited)
        }
        switch step {
        case .use(let connection): return connection
        case .timeout:
            throw Self.waitTimedOut
        case .down(let error):
            throw error
        case .connect:
            do {
                let connection = try PostgresConnection(
                    url: options.url, connectTimeoutSeconds: options.connectTimeoutSeconds,
                    queryTimeoutNanoseconds: options.queryTimeoutNanoseconds)
                condition.withLock { failures = 0 }
                return connection
            } catch {
                condition.withLock {
                    open -= 1
                    failures += 1
                    lastError = error
                    nextAttempt = MonotonicClock.systemNanoseconds() &+ RedisPool.backoff(
                        failures: failures, base: 50_000_000, cap: 1_000_000_000)
                    condition.signal()
                }
                throw error
            }
        }
    }

    package func release(_ connection: PostgresConnection) {
        var discard: PostgresConnection? = nil
        condition.withLock {
            if connection.isBroken {
                stats.closedBroken += 1
                discard = connection
            } else if isExpired(connection) {
                stats.closedMaxLifetime += 1
                discard = connection
            } else if idle.count >= options.maxIdle {
                stats.closedMaxIdle += 1
                discard = connection
            } else {
                idle.append(connection)
            }
            if discard != nil { open -= 1 }
            condition.signal()
        }
        discard = nil
    }

    /// Closes idle connections past their lifetime (Go's connection cleaner); returns how many.
    @discardableResult
    package func closeExpired() -> Int {
        var expired: [PostgresConnection] = []
        condition.withLock {
            idle.removeAll { connection in
                guard isExpired(connection) else { return false }
                expired.append(connection)
                return true
            }
            open -= expired.count
            stats.closedMaxLifetime += expired.count
            if !expired.isEmpty { condition.broadcast() }
        }
        return expired.count
    }

    /// Closes every idle connection (shutdown, tests).
    package func closeIdle() {
        var closing: [PostgresConnection] = []
        condition.withLock {
            closing = idle
            idle.removeAll()
            open -= closing.count
            condition.broadcast()
        }
        closing.removeAll()
    }

    private func isExpired(_ connection: PostgresConnection) -> Bool {
        options.maxLifetimeNanoseconds > 0
            && MonotonicClock.systemNanoseconds() &- connection.openedAt >= options.maxLifetimeNanoseconds
    }
}
