import Synchronization

extension Atomic where Value == UInt64 {
    /// Raises the value to `candidate` if it is lower (an atomic maximum), so concurrent callers
    /// never move it back. The store publishes with release ordering.
    @inlinable
    package func raise(to candidate: UInt64) {
        var current = load(ordering: .relaxed)
        while current < candidate {
            let (exchanged, original) = compareExchange(expected: current, desired: candidate, ordering: .acquiringAndReleasing)
            if exchanged { return }
            current = original
        }
    }
}
