import Synchronization

/// A run of indexes of one status list reserved by this node for one client's tokens. Handing
/// out an index is one atomic add; the block is given up when it is used up, when it is older
/// than its `retireAt`, or when any client's cut arrived after it was taken (`generation`), so a
/// cut's marking of the client's earlier blocks never covers a token issued after the cut. The
/// token that takes `prefetchAt`, its middle index, asks for the next block to be reserved.
package final class StatusBlock: Sendable {
    /// The Status List Token's URL (`<issuer>/oauth/status/<list id>`).
    package let uri: String
    package let clientID: String
    /// First index and one past the last, within the list.
    package let start: Int64
    package let end: Int64
    /// The revocation list's cut generation when the block was taken.
    package let generation: UInt64
    /// Unix seconds after which no more tokens are issued from it.
    package let retireAt: Int64
    package let prefetchAt: Int64
    private let next: Atomic<Int64>

    package init(uri: String, clientID: String, start: Int64, end: Int64, generation: UInt64, retireAt: Int64) {
        self.uri = uri
        self.clientID = clientID
        self.start = start
        self.end = end
        self.generation = generation
        self.retireAt = retireAt
        prefetchAt = start + (end - start) / 2
        next = Atomic(start)
    }

    /// The next free index, or nil when the block is used up.
    @inline(__always)
    package func take() -> Int64? {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < end ? index : nil
    }

    /// Indexes handed out so far.
    package var used: Int64 { min(next.load(ordering: .relaxed), end) - start }

    /// Whether tokens may still be issued from it.
    package func isUsable(generation: UInt64, now: Int64) -> Bool {
        self.generation == generation && now < retireAt && next.load(ordering: .relaxed) < end
    }
}
