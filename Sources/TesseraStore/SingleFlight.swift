import TesseraCore

/// Collapses concurrent calls for one key into one: the first caller runs the work, the others
/// wait for its result. A thousand concurrent misses for one client cost one fetch.
package final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: `flights` and each flight's fields are only touched with `condition` locked.
    private final class Flight {
        var value: Value?
        var waiters = 0
    }

    private let condition = MonotonicCondition()
    private var flights: [Key: Flight] = [:]

    package init() {}

    /// The value of `work` for `key`, run by this caller or shared with one already running.
    /// `shared` is true when another caller ran it.
    package func run(_ key: Key, _ work: () -> Value) -> (value: Value, shared: Bool) {
        let existing: Flight? = condition.withLock {
            if let flight = flights[key] {
                flight.waiters += 1
                while flight.value == nil { condition.wait() }
                return flight
            }
            flights[key] = Flight()
            return nil
        }
        if let existing { return (existing.value!, true) }
        let value = work()
        condition.withLock {
            flights[key]?.value = value
            flights[key] = nil
            condition.broadcast()
        }
        return (value, false)
    }

    /// Keys being fetched right now.
    package var inFlight: Int { condition.withLock { flights.count } }
}
