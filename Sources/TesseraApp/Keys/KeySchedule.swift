import TesseraJOSE

/// Which keys of the key directory are in force at a moment, and when that next changes.
///
/// A key signs from its activation until the next newer key activates; it is retired once that
/// newer key has been active for `retireAfter` seconds (`tokens.ttl` + leeway), since every token
/// it signed has expired by then. Keys not yet active are published already (pre-publication).
package struct KeySchedule: Sendable, Equatable {
    /// Activation times of every key, newest first.
    package let activations: [Int64]
    package let retireAfter: Int64

    package init(activations: [Int64], retireAfter: Int64) {
        self.activations = activations.sorted(by: >)
        self.retireAfter = max(0, retireAfter)
    }

    package init(keys: [LoadedKey], ttl: Int64, policy: KeyRotationPolicy) {
        self.init(activations: keys.map(\.activation), retireAfter: ttl + policy.retirementLeeway)
    }

    /// The activation of the key that superseded the key activated at `activation`, if any.
    func successor(of activation: Int64) -> Int64? {
        activations.last { $0 > activation }
    }

    /// True when the key activated at `activation` is retired at `now`.
    package func isRetired(_ activation: Int64, now: Int64) -> Bool {
        guard let next = successor(of: activation) else { return false }
        return now >= next + retireAfter
    }

    /// The keys still in force at `now`: published and verifying.
    package func live(_ keys: [LoadedKey], now: Int64) -> [LoadedKey] {
        keys.filter { !isRetired($0.activation, now: now) }
    }

    /// The activation of the key that supersedes the key activated at `activation`, if any.
    package func stopsSigning(_ activation: Int64) -> Int64? { successor(of: activation) }

    /// The moment the key activated at `activation` leaves the JWKS, nil while nothing supersedes it.
    package func unpublished(_ activation: Int64) -> Int64? { successor(of: activation).map { $0 + retireAfter } }

    /// When the scheduler makes the next key: once the newest key has signed for `every` seconds
    /// (a key still waiting for its activation has signed for nothing yet). Nil without a schedule.
    package func nextRotation(every: Int64) -> Int64? {
        guard every > 0, let newest = activations.first else { return nil }
        return newest + every
    }

    /// The first moment after `now` at which a key activates or retires, nil when none will.
    package func nextChange(after now: Int64) -> Int64? {
        var next: Int64?
        for activation in activations {
            var events = [activation]
            if let successor = successor(of: activation) { events.append(successor + retireAfter) }
            for event in events where event > now {
                next = min(next ?? event, event)
            }
        }
        return next
    }
}
