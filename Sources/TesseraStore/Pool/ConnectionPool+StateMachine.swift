import TesseraCore

extension ConnectionPool {
    /// The pool's bookkeeping without I/O, locks or clocks: events and `now` in, actions out.
    /// `ConnectionPool` calls it under its lock and carries the actions out (connect, wait on the
    /// condition, close outside the lock); tests drive it with a manual clock.
    package struct StateMachine {
        package enum BorrowAction {
            /// Hand out this idle connection.
            case use(Connection)
            /// A place is reserved: open a connection, then report `connected` or `connectFailed`.
            case connect
            /// Every place is taken: wait for a release until this deadline, then ask again.
            case wait(until: MonotonicInstant)
            case fail(StoreError)
        }

        package let limits: ConnectionPoolLimits
        package let errors: ConnectionPoolErrors
        package private(set) var idle: [Connection] = []
        package private(set) var open = 0
        private var counters = ConnectionPoolStatistics()
        private var failures = 0
        private var nextAttempt = MonotonicInstant(nanoseconds: 0)
        private var lastError: StoreError?

        package init(limits: ConnectionPoolLimits, errors: ConnectionPoolErrors) {
            self.limits = limits
            self.errors = errors
        }

        package var statistics: ConnectionPoolStatistics {
            var snapshot = counters
            snapshot.open = open
            snapshot.idle = idle.count
            snapshot.inUse = open - idle.count
            return snapshot
        }

        /// One borrower's request. `waitingSince` belongs to the borrower: nil until it first
        /// waits. Idle connections found broken or expired are moved to `closing`.
        package mutating func borrow(now: MonotonicInstant, waitingSince: inout MonotonicInstant?, closing: inout [Connection]) -> BorrowAction {
            while let connection = idle.popLast() {
                if connection.isBroken || isExpired(connection, now: now) {
                    open -= 1
                    if connection.isBroken { counters.closedBroken += 1 } else { counters.closedMaxLifetime += 1 }
                    closing.append(connection)
                    continue
                }
                return .use(connection)
            }
            if limits.maxOpen == 0 || open < limits.maxOpen {
                if failures > 0 && now < nextAttempt { return .fail(lastError ?? errors.reconnecting) }
                open += 1
                counters.peakOpen = max(counters.peakOpen, open)
                return .connect
            }
            let since: MonotonicInstant
            if let waitingSince {
                since = waitingSince
            } else {
                since = now
                waitingSince = now
                counters.waitCount += 1
            }
            let deadline = since + limits.waitTimeout
            if now >= deadline {
                counters.waitTimeouts += 1
                return .fail(errors.timedOut)
            }
            return .wait(until: deadline)
        }

        /// A borrower that waited got its answer after `span`.
        package mutating func waited(_ span: Duration) {
            counters.waited += span
        }

        package mutating func connected() {
            failures = 0
        }

        /// The connect reserved by `.connect` failed: the place is free again, and the next
        /// connect waits out the backoff.
        package mutating func connectFailed(_ error: StoreError, now: MonotonicInstant) {
            open -= 1
            recordFailure(error, now: now)
        }

        /// A borrowed connection comes back; returns it when it must be closed instead of kept.
        package mutating func release(_ connection: Connection, now: MonotonicInstant) -> Connection? {
            if connection.isBroken {
                counters.closedBroken += 1
                if limits.lostConnectionBacksOff { recordFailure(errors.lost, now: now) }
            } else if isExpired(connection, now: now) {
                counters.closedMaxLifetime += 1
            } else if idle.count >= limits.maxIdle {
                counters.closedMaxIdle += 1
            } else {
                idle.append(connection)
                return nil
            }
            open -= 1
            return connection
        }

        /// Takes the idle connections past their lifetime out of the pool (to close).
        package mutating func removeExpired(now: MonotonicInstant) -> [Connection] {
            var expired: [Connection] = []
            let lifetime = limits.maxLifetime
            idle.removeAll { connection in
                guard Self.isExpired(connection, now: now, lifetime: lifetime) else { return false }
                expired.append(connection)
                return true
            }
            open -= expired.count
            counters.closedMaxLifetime += expired.count
            return expired
        }

        /// Takes every idle connection out of the pool (to close).
        package mutating func removeIdle() -> [Connection] {
            let removed = idle
            idle.removeAll()
            open -= removed.count
            return removed
        }

        private mutating func recordFailure(_ error: StoreError, now: MonotonicInstant) {
            lastError = error
            failures += 1
            nextAttempt = now + limits.backoff.delay(afterFailures: failures)
        }

        private func isExpired(_ connection: Connection, now: MonotonicInstant) -> Bool {
            Self.isExpired(connection, now: now, lifetime: limits.maxLifetime)
        }

        private static func isExpired(_ connection: Connection, now: MonotonicInstant, lifetime: Duration) -> Bool {
            lifetime > .zero && now.duration(since: connection.openedAt) >= lifetime
        }
    }
}
