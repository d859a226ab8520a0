import Testing
import TesseraCore

@testable import TesseraStore

/// The pool's bookkeeping on a manual clock: every timing rule checked by moving `now`, no sleeps.
@Suite struct ConnectionPoolStateMachineTests {
    final class FakeConnection: PooledConnection, @unchecked Sendable {
        // @unchecked: the state machine tests run on one thread.
        var isBroken = false
        let openedAt: MonotonicInstant
        init(openedAt: MonotonicInstant) { self.openedAt = openedAt }
    }

    typealias Machine = ConnectionPool<FakeConnection>.StateMachine
    static let second: UInt64 = 1_000_000_000
    /// The tests count time in nanoseconds; the machine takes moments.
    static func at(_ nanoseconds: UInt64) -> MonotonicInstant { MonotonicInstant(nanoseconds: nanoseconds) }
    static let refused = StoreError.unavailable(tier: .local, reason: "connection refused")

    static func machine(
        maxOpen: Int = 2, maxIdle: Int = 2, lifetime: UInt64 = 0, wait: UInt64 = 100_000_000, lostConnectionBacksOff: Bool = false
    ) -> Machine {
        Machine(
            limits: ConnectionPoolLimits(
                maxOpen: maxOpen, maxIdle: maxIdle, maxLifetime: .nanoseconds(Int64(lifetime)), waitTimeout: .nanoseconds(Int64(wait)),
                backoff: Backoff(base: .milliseconds(50), cap: .seconds(1)), lostConnectionBacksOff: lostConnectionBacksOff),
            errors: ConnectionPoolErrors(tier: .local, timedOut: "every connection in use"))
    }

    /// Borrows once, expecting a connect, and completes it.
    static func open(_ machine: inout Machine, now: UInt64) -> FakeConnection {
        var since: MonotonicInstant? = nil
        var closing: [FakeConnection] = []
        guard case .connect = machine.borrow(now: Self.at(now), waitingSince: &since, closing: &closing) else {
            Issue.record("expected a connect")
            return FakeConnection(openedAt: Self.at(now))
        }
        machine.connected()
        return FakeConnection(openedAt: Self.at(now))
    }

    static func borrow(_ machine: inout Machine, now: UInt64, since: inout MonotonicInstant?) -> String {
        var closing: [FakeConnection] = []
        switch machine.borrow(now: Self.at(now), waitingSince: &since, closing: &closing) {
        case .use: return "use"
        case .connect: return "connect"
        case .wait(let deadline): return "wait \(deadline.nanoseconds - now)"
        case .fail(let error): return "fail \(error)"
        }
    }

    @Test func aReleasedConnectionIsHandedOutAgainInsteadOfOpeningAnother() {
        var machine = Self.machine()
        let connection = Self.open(&machine, now: Self.second)
        #expect(machine.release(connection, now: Self.at(Self.second)) == nil)
        var since: MonotonicInstant? = nil
        var closing: [FakeConnection] = []
        guard case .use(let again) = machine.borrow(now: Self.at(Self.second), waitingSince: &since, closing: &closing) else {
            Issue.record("not reused")
            return
        }
        #expect(again === connection)
        #expect(machine.statistics.open == 1 && machine.statistics.inUse == 1)
    }

    @Test func aBorrowerFindingMaxOpenInUseWaitsThenTimesOutAtTheWaitTimeout() {
        var machine = Self.machine(maxOpen: 1, wait: 100_000_000)
        _ = Self.open(&machine, now: Self.second)
        var since: MonotonicInstant? = nil
        #expect(Self.borrow(&machine, now: Self.second, since: &since) == "wait 100000000")
        #expect(since == Self.at(Self.second))
        #expect(Self.borrow(&machine, now: Self.second + 99_999_999, since: &since) == "wait 1")
        #expect(Self.borrow(&machine, now: Self.second + 100_000_000, since: &since).hasPrefix("fail"))
        #expect(machine.statistics.waitCount == 1 && machine.statistics.waitTimeouts == 1)
    }

    @Test func aWaitingBorrowerGetsTheConnectionReleasedBeforeItsDeadline() {
        var machine = Self.machine(maxOpen: 1)
        let connection = Self.open(&machine, now: Self.second)
        var since: MonotonicInstant? = nil
        #expect(Self.borrow(&machine, now: Self.second, since: &since).hasPrefix("wait"))
        #expect(machine.release(connection, now: Self.at(Self.second + 10)) == nil)
        #expect(Self.borrow(&machine, now: Self.second + 20, since: &since) == "use")
        #expect(machine.statistics.waitTimeouts == 0)
    }

    @Test func noMaxOpenMeansNoWaiting() {
        var machine = Self.machine(maxOpen: 0, maxIdle: 1)
        for _ in 0..<50 { _ = Self.open(&machine, now: Self.second) }
        #expect(machine.statistics.open == 50 && machine.statistics.peakOpen == 50)
    }

    @Test func aReturnedConnectionBeyondMaxIdleIsClosed() {
        var machine = Self.machine(maxOpen: 3, maxIdle: 1)
        let first = Self.open(&machine, now: Self.second)
        let second = Self.open(&machine, now: Self.second)
        #expect(machine.release(first, now: Self.at(Self.second)) == nil)
        #expect(machine.release(second, now: Self.at(Self.second)) === second)
        #expect(machine.statistics.closedMaxIdle == 1 && machine.statistics.open == 1)
    }

    @Test func aConnectionPastItsLifetimeIsClosedWhenReturnedOrFoundIdle() {
        var machine = Self.machine(lifetime: 10 * Self.second)
        let old = Self.open(&machine, now: Self.second)
        let young = Self.open(&machine, now: 5 * Self.second)
        #expect(machine.release(young, now: Self.at(6 * Self.second)) == nil)
        #expect(machine.release(old, now: Self.at(11 * Self.second)) === old, "returned at its lifetime")
        var since: MonotonicInstant? = nil
        var closing: [FakeConnection] = []
        guard case .connect = machine.borrow(now: Self.at(15 * Self.second), waitingSince: &since, closing: &closing) else {
            Issue.record("an expired idle connection was handed out")
            return
        }
        #expect(closing.count == 1 && closing[0] === young)
        #expect(machine.statistics.closedMaxLifetime == 2 && machine.statistics.open == 1)
    }

    @Test func theCleanerRemovesOnlyExpiredIdleConnections() {
        var machine = Self.machine(maxOpen: 3, maxIdle: 3, lifetime: 10 * Self.second)
        let old = Self.open(&machine, now: Self.second)
        let young = Self.open(&machine, now: 8 * Self.second)
        _ = machine.release(old, now: Self.at(9 * Self.second))
        _ = machine.release(young, now: Self.at(9 * Self.second))
        let removed = machine.removeExpired(now: Self.at(12 * Self.second))
        #expect(removed.count == 1 && removed[0] === old)
        #expect(machine.statistics.idle == 1 && machine.statistics.open == 1)
    }

    @Test func aBrokenConnectionIsNeverHandedOutAgain() {
        var machine = Self.machine()
        let connection = Self.open(&machine, now: Self.second)
        connection.isBroken = true
        #expect(machine.release(connection, now: Self.at(Self.second)) === connection)
        #expect(machine.statistics.closedBroken == 1 && machine.statistics.open == 0)
    }

    @Test func afterAFailedConnectBorrowersFailAtOnceUntilTheBackoffPassed() {
        var machine = Self.machine()
        var since: MonotonicInstant? = nil
        #expect(Self.borrow(&machine, now: Self.second, since: &since) == "connect")
        machine.connectFailed(Self.refused, now: Self.at(Self.second))
        #expect(machine.statistics.open == 0, "the reserved place is free again")
        // The first delay is drawn from [25 ms, 50 ms].
        #expect(Self.borrow(&machine, now: Self.second + 24_999_999, since: &since) == "fail \(Self.refused)")
        #expect(Self.borrow(&machine, now: Self.second + 50_000_000, since: &since) == "connect")
        machine.connectFailed(Self.refused, now: Self.at(2 * Self.second))
        #expect(Self.borrow(&machine, now: 2 * Self.second + 49_999_999, since: &since).hasPrefix("fail"), "second delay ≥ 50 ms")
        #expect(Self.borrow(&machine, now: 2 * Self.second + 100_000_000, since: &since) == "connect")
        machine.connected()
        #expect(Self.borrow(&machine, now: 2 * Self.second + 100_000_001, since: &since) == "connect", "a success resets the backoff")
    }

    @Test func aLostConnectionDelaysTheNextConnectOnlyWhenThePoolSaysSo() {
        for backsOff in [false, true] {
            var machine = Self.machine(lostConnectionBacksOff: backsOff)
            let connection = Self.open(&machine, now: Self.second)
            connection.isBroken = true
            _ = machine.release(connection, now: Self.at(Self.second))
            var since: MonotonicInstant? = nil
            let next = Self.borrow(&machine, now: Self.second + 1, since: &since)
            #expect(next == (backsOff ? "fail \(StoreError.unavailable(tier: .local, reason: "connection lost"))" : "connect"))
        }
    }

    @Test(arguments: 1...12) func backoffGrowsExponentiallyWithJitterUpToTheCap(failures: Int) {
        let backoff = Backoff(base: .milliseconds(50), cap: .seconds(2))
        let ceiling = Duration.nanoseconds(min(2_000_000_000, Int64(50_000_000) << Int64(failures - 1)))
        #expect(backoff.ceiling(afterFailures: failures) == ceiling)
        for _ in 0..<20 {
            let delay = backoff.delay(afterFailures: failures)
            #expect(delay >= ceiling / 2 && delay <= ceiling)
        }
    }
}
