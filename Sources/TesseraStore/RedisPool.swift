import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `pool_size` Redis connections, each used by one thread at a time. A borrower waits at most the
/// configured timeout for a free connection. A connection that failed is closed, never handed out
/// again; new connections are opened on demand, but after a failure only once the reconnect delay
/// has passed (capped exponential backoff with jitter), so a dead Redis costs callers an immediate
/// `unavailable` instead of a connect timeout each.
package final class RedisPool: @unchecked Sendable {
    package let options: RedisOptions
    private let condition = PoolCondition()
    private var idle: [RedisConnection] = []
    private var open = 0
    private var failures = 0
    private var nextAttempt: UInt64 = 0
    private var lastError: StoreError?
    private let errors = Atomic<Int>(0)

    package init(options: RedisOptions) {
        self.options = options
    }

    /// Runs `body` with a borrowed connection; a connection left broken is discarded.
    package func withConnection<R>(_ body: (RedisConnection) throws(StoreError) -> R) throws(StoreError) -> R {
        do {
            let connection = try borrow()
            defer { release(connection) }
            return try body(connection)
        } catch {
            errors.add(1, ordering: .relaxed)
            throw error
        }
    }

    /// Failed borrows and commands since start (`tessera_store_errors_total`).
    package var errorCount: Int { errors.load(ordering: .relaxed) }

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
    package var openCount: Int { condition.withLock { open } }

    private enum Step {
        case use(RedisConnection)
        case connect
        case fail(StoreError)
    }

    private func borrow() throws(StoreError) -> RedisConnection {
        let deadline = MonotonicClock.systemNanoseconds() &+ options.timeoutNanoseconds
        let step: Step = condition.withLock {
            while true {
                if let connection = idle.popLast() { return .use(connection) }
                if open < options.poolSize {
                    if failures > 0 && MonotonicClock.systemNanoseconds() < nextAttempt {
                        return .fail(lastError ?? .unavailable(tier: "redis", reason: "reconnecting"))
                    }
                    open += 1
                    return .connect
                }
                if !condition.wait(untilNanoseconds: deadline) && idle.isEmpty && open >= options.poolSize {
                    return .fail(.unavailable(tier: "redis", reason: "no free connection within the timeout"))
                }
            }
        }
        switch step {
        case .use(let connection): return connection
        case .fail(let error): throw error
        case .connect:
            do {
                let connection = try RedisConnection(options)
                condition.withLock { failures = 0 }
                return connection
            } catch {
                condition.withLock {
                    open -= 1
                    recordFailure(error)
                    condition.signal()
                }
                throw error
            }
        }
    }

    private func release(_ connection: RedisConnection) {
        condition.withLock {
            if connection.isBroken {
                open -= 1
                recordFailure(.unavailable(tier: "redis", reason: "connection lost"))
            } else {
                idle.append(connection)
            }
            condition.signal()
        }
    }

    /// Called with the lock held: schedules the next connection attempt.
    private func recordFailure(_ error: StoreError) {
        lastError = error
        failures += 1
        nextAttempt = MonotonicClock.systemNanoseconds() &+ Self.backoff(
            failures: failures, base: options.backoffBaseNanoseconds, cap: options.backoffCapNanoseconds)
    }

    /// Delay before attempt `failures + 1`: base * 2^(failures-1), capped, with jitter in [d/2, d].
    package static func backoff(failures: Int, base: UInt64, cap: UInt64) -> UInt64 {
        let exponent = UInt64(min(max(failures - 1, 0), 30))
        let delay = min(cap, base &<< exponent)
        guard delay > 1 else { return delay }
        return delay / 2 + UInt64.random(in: 0...(delay / 2))
    }
}
