import Synchronization

/// A client object's current status block and the spare that follows it, both read without a
/// lock on the token path. The spare is reserved in the background while the current block is
/// still half free, so the token path moves on to it without waiting for the store. Each slot
/// holds one reference to its block; a block swapped out is handed back still referenced, for
/// the allocator to release once no reader can be holding it (a reader holds it for nanoseconds).
package final class StatusSlot: @unchecked Sendable {
    // @unchecked: both references are atomics; a block swapped out stays retained until the allocator's sweep.
    private let current = Atomic<Unmanaged<StatusBlock>?>(nil)
    private let next = Atomic<Unmanaged<StatusBlock>?>(nil)

    package init() {}

    deinit {
        current.load(ordering: .acquiring)?.release()
        next.load(ordering: .acquiring)?.release()
    }

    @inline(__always)
    package var block: StatusBlock? {
        current.load(ordering: .acquiring)?.takeUnretainedValue()
    }

    package var spare: StatusBlock? {
        next.load(ordering: .acquiring)?.takeUnretainedValue()
    }

    /// Installs `block`; returns the block it replaced, still referenced: release it later.
    package func install(_ block: StatusBlock) -> Unmanaged<StatusBlock>? {
        current.exchange(Unmanaged.passRetained(block), ordering: .acquiringAndReleasing)
    }

    /// Offers `block` as the spare; returns the spare it replaced, still referenced.
    package func offer(_ block: StatusBlock) -> Unmanaged<StatusBlock>? {
        next.exchange(Unmanaged.passRetained(block), ordering: .acquiringAndReleasing)
    }

    /// Makes `spare` (read from `spare`) the current block, unless another thread moved it first
    /// or a newer spare replaced it. Returns the block it replaced, still referenced.
    package func promote(_ spare: StatusBlock) -> (promoted: Bool, replaced: Unmanaged<StatusBlock>?) {
        let expected = Unmanaged.passUnretained(spare)
        // Whoever takes the spare out of `next` owns its reference and hands it to `current`.
        guard next.compareExchange(expected: expected, desired: nil, ordering: .acquiringAndReleasing).exchanged else {
            return (false, nil)
        }
        return (true, current.exchange(expected, ordering: .acquiringAndReleasing))
    }
}
