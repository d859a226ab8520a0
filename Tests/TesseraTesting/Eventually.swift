import Foundation

/// Polls `condition` every `interval` until it holds or `timeout` passes; returns whether it held.
/// For waits on an outside process that gives no signal of its own (a bound of the contract, such
/// as "within 1 s on every node").
@discardableResult
package func eventually(timeout: Double, interval: Double = 0.05, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try condition() { return true }
        if Date() >= deadline { return false }
        Thread.sleep(forTimeInterval: interval)
    }
}
