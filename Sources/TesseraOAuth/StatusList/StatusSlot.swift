import Synchronization

/// A client object's current status block, read without a lock on the token path. The slot
/// holds one reference to its block; a block swapped out is handed back still referenced, for
/// the allocator to release once no reader can be holding it (a reader holds it for nanoseconds).
package final class StatusSlot: @unchecked Sendable {
    private let current = Atomic<Unmanaged<StatusBlock>?>(nil)

    package init() {}

    deinit {
        current.load(ordering: .acquiring)?.release()
    }

    @inline(__always)
    package var block: StatusBlock? {
        current.load(ordering: .acquiring)?.takeUnretainedValue()
    }

    /// Installs `block`; returns the block it replaced, still referenced: release it later.
    package func install(_ block: StatusBlock) -> Unmanaged<StatusBlock>? {
        current.exchange(Unmanaged.passRetained(block), ordering: .acquiringAndReleasing)
    }
}
