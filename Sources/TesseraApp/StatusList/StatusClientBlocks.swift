import TesseraOAuth

/// What this node knows of one client's status blocks: every block reserved for it (by any
/// node) whose tokens may still be live, and the block this node is handing out from.
struct StatusClientBlocks {
    struct Record: Equatable {
        var listID: String
        var start: Int64
        var count: Int64
        var notBefore: Int64
        var expiresAt: Int64
        /// Set once a cut covering it has set its bits.
        var marked = false
    }

    var records: [Record] = []
    /// This node's block for the client, shared by every `Client` object of that id.
    var current: StatusBlock?
    /// When `current` was reserved (unix seconds): a block used up quickly makes the next larger.
    var reservedAt: Int64 = 0

    /// Adds a record unless it is known; returns whether it was new.
    mutating func add(_ record: Record) -> Bool {
        guard !records.contains(where: { $0.listID == record.listID && $0.start == record.start }) else { return false }
        records.append(record)
        return true
    }
}
