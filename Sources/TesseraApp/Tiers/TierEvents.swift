import TesseraCore
import TesseraStore

/// Logs a configured tier going down or coming back, once per transition:
/// `level=warning msg="tier down" tier=redis`, `level=info msg="tier up" tier=redis`. A tier found
/// down by the first probe is reported down; one found up is not reported (nothing changed).
final class TierEvents: Sendable {
    /// Per tier (`StoreTier` raw value): 0 unknown, 1 up, 2 down.
    private let states = Locked<[Int]>(Array(repeating: 0, count: StoreTier.allCases.count))

    func observe(_ tier: StoreTier, up: Bool) {
        let changed: Bool = states.withLock { states in
            let next = up ? 1 : 2
            let previous = states[tier.rawValue]
            states[tier.rawValue] = next
            return previous != next && !(previous == 0 && up)
        }
        guard changed else { return }
        let name = tier.name
        if up {
            Log.info("tier up", [("tier", name)])
        } else {
            Log.warning("tier down", [("tier", name)])
        }
    }
}
