import TesseraCore
import Synchronization

/// One pool of blocking store connections, Redis's and PostgreSQL's alike, with Go `database/sql`
/// semantics (`ConnectionPoolLimits`):
///
/// - at most `maxOpen` connections exist at once (in use, idle, or being opened);
/// - a returned connection is kept idle only while fewer than `maxIdle` are idle, else closed;
/// - a connection older than `maxLifetime` is closed when next returned or found idle;
/// - a borrower finding every connection in use waits at most the wait timeout, then gets
///   `errors.timedOut` (503 `temporarily_unavailable` at the HTTP edge);
/// - a broken connection is discarded, never handed out again;
/// - after a failed connect, borrowers that would open a connection fail at once until the
///   `Backoff` delay has passed, instead of each waiting out a connect timeout.
///
/// The bookkeeping is `StateMachine`; this class adds the lock, the condition borrowers wait on,
/// connecting, and closing outside the lock. The clock must count `CLOCK_MONOTONIC` nanoseconds
/// (waits use it as their deadline); tests of timing drive the state machine with a manual clock.
package final class ConnectionPool<Connection: PooledConnection>: @unchecked Sendable {
    // @unchecked: `state` is only touched with `condition` locked; a connection goes to one borrower at a time.
    private let condition = MonotonicCondition()
    private var state: StateMachine
    private let clock: MonotonicClock
    private let connect: @Sendable () throws(StoreError) -> Connection
    /// Called with how long each waiting borrower waited (for the wait histogram).
    private let onWait: @Sendable (Duration) -> Void
    private let errors = Atomic<Int>(0)

    package init(
        limits: ConnectionPoolLimits, errors: ConnectionPoolErrors, clock: MonotonicClock = .system,
        onWait: @escaping @Sendable (Duration) -> Void = { _ in },
        connect: @escaping @Sendable () throws(StoreError) -> Connection
    ) {
        state = StateMachine(limits: limits, errors: errors)
        self.clock = clock
        self.onWait = onWait
        self.connect = connect
    }

    /// Runs `body` with a borrowed connection and returns it (or discards it when broken).
    package func withConnection<R>(_ body: (Connection) throws(StoreError) -> R) throws(StoreError) -> R {
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

    package var statistics: ConnectionPoolStatistics { condition.withLock { state.statistics } }

    /// Connections open (idle and in use).
    package var openCount: Int { condition.withLock { state.open } }

    package func borrow() throws(StoreError) -> Connection {
        do {
            return try take()
        } catch {
            errors.add(1, ordering: .relaxed)
            throw error
        }
    }

    package func release(_ connection: Connection) {
        let discard = condition.withLock {
            defer { condition.signal() }
            return state.release(connection, now: clock.instant())
        }
        _ = discard  // the last reference goes outside the lock: that closes it
    }

    /// Closes idle connections past their lifetime (Go's connection cleaner); returns how many.
    @discardableResult
    package func closeExpired() -> Int {
        var expired = condition.withLock {
            let expired = state.removeExpired(now: clock.instant())
            if !expired.isEmpty { condition.broadcast() }
            return expired
        }
        let count = expired.count
        expired.removeAll()
        return count
    }

    /// Closes every idle connection (shutdown, tests).
    package func closeIdle() {
        var closing = condition.withLock {
            defer { condition.broadcast() }
            return state.removeIdle()
        }
        closing.removeAll()
    }

    private func take() throws(StoreError) -> Connection {
        var closing: [Connection] = []
        var waitingSince: MonotonicInstant? = nil
        let action: StateMachine.BorrowAction = condition.withLock {
            while true {
                switch state.borrow(now: clock.instant(), waitingSince: &waitingSince, closing: &closing) {
                case .wait(let deadline): _ = condition.wait(until: deadline)
                case let action: return action
                }
            }
        }
        closing.removeAll()  // closes them, outside the lock
        if let waitingSince {
            let waited = clock.instant().duration(since: waitingSince)
            condition.withLock { state.waited(waited) }
            onWait(waited)
        }
        switch action {
        case .use(let connection): return connection
        case .fail(let error): throw error
        case .wait: preconditionFailure("waits are carried out under the lock")
        case .connect:
            do {
                let connection = try connect()
                condition.withLock { state.connected() }
                return connection
            } catch {
                condition.withLock {
                    state.connectFailed(error, now: clock.instant())
                    condition.signal()
                }
                throw error
            }
        }
    }
}
