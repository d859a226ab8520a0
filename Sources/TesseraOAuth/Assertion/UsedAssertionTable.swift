import TesseraJOSE

/// The used assertion ids one node holds in memory, each until its assertion's `exp`, with each
/// client's share counted: at most `capacity` live entries in all and `perClient` of one client,
/// so a client that floods the table with fresh assertions fills its own share and is refused
/// (429, until its soonest entry expires), never the other clients. Not thread-safe: held in a
/// lock by `AssertionReplay`.
struct UsedAssertionTable {
    enum Claim: Equatable {
        case first
        case replay
        /// The table is full of live entries (every client under its share, many clients).
        case full
        /// This client holds its whole share: it may come back once its soonest entry expires.
        case overShare(retryAfter: Int)
    }

    private struct Entry {
        var expiresAt: Int64
        var clientID: String
    }

    /// How many live entries a client holds, and when the first of them expires (a lower bound
    /// between sweeps: an entry forgotten early may leave it too soon, which only costs a sweep).
    private struct Share {
        var count = 0
        var soonest = Int64.max
    }

    let capacity: Int
    let perClient: Int
    private var table: [Digest32: Entry] = [:]
    private var shares: [String: Share] = [:]
    /// When the table was last swept: at most once a second, so a flood at a bound costs O(1) per
    /// refused assertion, not a scan each.
    private var sweptAt: Int64 = .min

    init(capacity: Int, perClient: Int) {
        self.capacity = max(1, capacity)
        self.perClient = max(1, min(perClient, capacity))
    }

    var count: Int { table.count }

    func isUsed(_ key: Digest32, now: Int64) -> Bool {
        (table[key]?.expiresAt ?? .min) > now
    }

    /// Records `key` for `clientID` until `expiresAt`, unless it is a replay or a bound is reached.
    mutating func claim(_ key: Digest32, clientID: String, expiresAt: Int64, now: Int64) -> Claim {
        if isUsed(key, now: now) { return .replay }
        if let share = shares[clientID], share.count >= perClient {
            if share.soonest <= now && sweptAt < now { sweep(now: now) }
            if let share = shares[clientID], share.count >= perClient {
                return .overShare(retryAfter: Int(max(1, min(share.soonest - now, 3600))))
            }
        }
        if table.count >= capacity {
            if sweptAt < now { sweep(now: now) }
            if table.count >= capacity { return .full }
        }
        insert(key, clientID: clientID, expiresAt: expiresAt)
        return .first
    }

    /// Records an id accepted before (read back from the journal at start): no bound applies.
    mutating func insert(_ key: Digest32, clientID: String, expiresAt: Int64) {
        if let previous = table.updateValue(Entry(expiresAt: expiresAt, clientID: clientID), forKey: key) {
            shares[previous.clientID]?.count -= 1
        }
        shares[clientID, default: Share()].count += 1
        shares[clientID]!.soonest = min(shares[clientID]!.soonest, expiresAt)
    }

    mutating func remove(_ key: Digest32) {
        guard let entry = table.removeValue(forKey: key) else { return }
        shares[entry.clientID]?.count -= 1
        if shares[entry.clientID]?.count == 0 { shares[entry.clientID] = nil }
    }

    /// Drops expired entries and counts the shares again.
    private mutating func sweep(now: Int64) {
        sweptAt = now
        table = table.filter { $0.value.expiresAt > now }
        shares = [:]
        for entry in table.values {
            shares[entry.clientID, default: Share()].count += 1
            shares[entry.clientID]!.soonest = min(shares[entry.clientID]!.soonest, entry.expiresAt)
        }
    }
}
