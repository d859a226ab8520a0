import Foundation
import Glibc
import Testing
import TesseraStore
import TesseraTesting

/// The pool's `database:` settings behave as Go's database/sql, against the real server.
@Suite(.requires(Services.running, Services.skipMessage))
struct PostgresPoolTests {
    static let sleep = PostgresStatement(name: "it_sleep", sql: "SELECT pg_backend_pid(), pg_sleep($1::float8)", parameterCount: 1)

    @Test func maxOpenConnsHoldsUnder200ConcurrentBorrowers() async throws {
        let url = try Services.database()
        let pool = PostgresPool(options: PostgresPoolOptions(
            url: url, maxOpen: 10, maxIdle: 10, waitTimeout: .seconds(10),
            connectTimeoutSeconds: 15))  // generous: this is about max_open, not a loaded machine's fork time
        let pids = Locked<Set<String>>([])
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 200) { _ in
            do {
                let rows = try pool.withConnection { connection throws(StoreError) in
                    try connection.execute(Self.sleep, ["0.002"])
                }
                pids.mutate { _ = $0.insert(rows.rows[0][0] ?? "") }
            } catch {
                failures.mutate { $0.append("\(error)") }
            }
        }
        let stats = pool.statistics
        #expect(failures.value.isEmpty, "\(failures.value.prefix(3))")
        #expect(stats.peakOpen <= 10, "peak \(stats.peakOpen) connections open")
        #expect(pids.value.count <= 10, "\(pids.value.count) server processes served the pool")
        #expect(stats.inUse == 0 && stats.open == stats.idle)
        pool.closeIdle()
    }

    @Test func connectionsBeyondMaxIdleAreClosedOnReturn() throws {
        let pool = PostgresPool(options: PostgresPoolOptions(url: try Services.database(), maxOpen: 10, maxIdle: 2))
        var held: [PostgresConnection] = []
        for _ in 0..<6 { held.append(try pool.borrow()) }
        #expect(pool.statistics.open == 6 && pool.statistics.inUse == 6)
        for connection in held { pool.release(connection) }
        held.removeAll()
        let stats = pool.statistics
        #expect(stats.open == 2 && stats.idle == 2 && stats.inUse == 0, "\(stats)")
        #expect(stats.closedMaxIdle == 4)
        pool.closeIdle()
    }

    @Test func connectionsPastTheirLifetimeAreReplaced() throws {
        let pool = PostgresPool(options: PostgresPoolOptions(
            url: try Services.database(), maxOpen: 2, maxIdle: 2, maxLifetime: .milliseconds(200)))
        let first = try pool.withConnection { connection throws(StoreError) in connection.backendPID }
        let again = try pool.withConnection { connection throws(StoreError) in connection.backendPID }
        #expect(first == again, "a young idle connection is reused")
        usleep(300_000)
        #expect(pool.closeExpired() == 1, "the cleaner closes the expired idle connection")
        let later = try pool.withConnection { connection throws(StoreError) in connection.backendPID }
        #expect(later != first)
        #expect(pool.statistics.closedMaxLifetime == 1)
        pool.closeIdle()
    }

    @Test func waitingLongerThanWaitTimeoutIsUnavailable() throws {
        let pool = PostgresPool(options: PostgresPoolOptions(
            url: try Services.database(), maxOpen: 1, maxIdle: 1, waitTimeout: .milliseconds(50)))
        let held = try pool.borrow()
        let start = Date()
        #expect(throws: StoreError.unavailable(tier: .postgres, reason: "no connection free within wait_timeout")) {
            _ = try pool.borrow()
        }
        let waited = Date().timeIntervalSince(start)
        #expect(waited >= 0.045 && waited < 1.0, "waited \(waited) s")
        let stats = pool.statistics
        #expect(stats.waitCount == 1 && stats.waitTimeouts == 1)
        pool.release(held)
        // A connection returned within the wait is handed to the waiter.
        let second = try pool.borrow()
        // A thread of its own: the dispatch pool may be busy with other suites' borrowers.
        let releaser = Thread {
            usleep(10_000)
            pool.release(second)
        }
        releaser.start()
        let third = try pool.borrow()
        #expect(third === second)
        pool.release(third)
        pool.closeIdle()
    }

    @Test func aBrokenConnectionIsDiscardedNeverReused() throws {
        let url = try Services.database()
        let pool = PostgresPool(options: PostgresPoolOptions(url: url, maxOpen: 2, maxIdle: 2))
        let victim = try pool.borrow()
        let pid = victim.backendPID
        let killer = try PostgresConnection(url: url)
        try killer.exec("SELECT pg_terminate_backend(\(pid))")
        usleep(50_000)
        #expect(throws: StoreError.self) { try victim.exec("SELECT 1") }
        pool.release(victim)
        #expect(pool.statistics.closedBroken == 1 && pool.statistics.open == 0)
        let fresh = try pool.withConnection { connection throws(StoreError) in connection.backendPID }
        #expect(fresh != pid)
        pool.closeIdle()
    }

    @Test func aServerErrorKeepsTheConnectionAndNamesTheSQLState() throws {
        let pool = PostgresPool(options: PostgresPoolOptions(url: try Services.database(), maxOpen: 1, maxIdle: 1))
        let pid = try pool.withConnection { connection throws(StoreError) in connection.backendPID }
        do {
            try pool.withConnection { connection throws(StoreError) in _ = try connection.exec("SELEC 1") }
            Issue.record("a syntax error did not throw")
        } catch StoreError.server(let tier, let code, _) {
            #expect(tier == .postgres && code == "42601")
        }
        #expect(try pool.withConnection { connection throws(StoreError) in connection.backendPID } == pid)
        pool.closeIdle()
    }

    @Test func aServerThatStopsAnsweringCostsTheQueryTimeoutAndItsConnection() throws {
        let url = try Services.database()
        let upstream = Int32(url.split(separator: ":").last?.split(separator: "/").first ?? "") ?? 5432
        let proxy = try TCPProxy(upstreamPort: upstream)
        defer { proxy.isStalled = false; proxy.cut() }
        let pool = PostgresPool(options: PostgresPoolOptions(
            url: url.replacingOccurrences(of: ":\(upstream)/", with: ":\(proxy.port)/"), maxOpen: 2, maxIdle: 2,
            queryTimeout: .milliseconds(200)))
        try pool.withConnection { connection throws(StoreError) in _ = try connection.exec("SELECT 1") }
        proxy.isStalled = true
        let start = Date()
        #expect(throws: StoreError.self) {
            try pool.withConnection { connection throws(StoreError) in _ = try connection.exec("SELECT 1") }
        }
        let waited = Date().timeIntervalSince(start)
        #expect(waited >= 0.19 && waited < 1.5, "waited \(waited) s")
        #expect(pool.statistics.closedBroken == 1 && pool.statistics.open == 0, "\(pool.statistics)")
    }

    @Test func anUnreachableServerIsUnavailableNotAnError() throws {
        let pool = PostgresPool(options: PostgresPoolOptions(
            url: "postgres://tessera:tessera@127.0.0.1:\(try LoopbackPort.free())/tessera", maxOpen: 1))
        do {
            _ = try pool.borrow()
            Issue.record("connected to nothing")
        } catch StoreError.unavailable(let tier, _) {
            #expect(tier == .postgres)
        }
        #expect(pool.statistics.open == 0)
    }
}

/// A value behind a lock, for collecting results from concurrent closures.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func mutate(_ body: (inout Value) -> Void) { lock.lock(); body(&stored); lock.unlock() }
}
