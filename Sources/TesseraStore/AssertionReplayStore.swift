/// Where the `jti`s of client assertions are recorded so that each is accepted once (RFC 7523 §3
/// item 7), shared by every node that uses the same store: Redis, else PostgreSQL
/// (`PostgresAssertionReplayStore`).
package protocol AssertionReplayStore: Sendable {
    /// Records `key` for `milliseconds` (the assertion's remaining lifetime). True when it was not
    /// recorded yet (first use), false for a replay. Blocks on I/O: never call on an I/O thread.
    func claim(_ key: [UInt8], milliseconds: Int64) throws(StoreError) -> Bool
    /// Which store it is (`Server-Timing` names it).
    var tier: StoreTier { get }
}

extension AssertionReplayStore {
    package var tier: StoreTier { .redis }
}

/// `SET tessera:jti:<key> 1 NX PX <milliseconds>`: atomic on the Redis server, so two nodes
/// receiving the same assertion at once cannot both accept it; the entry expires with the assertion.
package struct RedisAssertionReplayStore: AssertionReplayStore {
    static let prefix: [UInt8] = Array("tessera:jti:".utf8)
    let pool: RedisPool

    package init(pool: RedisPool) {
        self.pool = pool
    }

    package func claim(_ key: [UInt8], milliseconds: Int64) throws(StoreError) -> Bool {
        let reply = try pool.command([
            Array("SET".utf8), Self.prefix + key, [UInt8(ascii: "1")], Array("NX".utf8), Array("PX".utf8),
            Array(String(max(1, milliseconds)).utf8),
        ])
        switch reply {
        case .status, .string: return true
        case .null: return false
        case .error(let message): throw .server(tier: .redis, code: "SET", message: message)
        default: throw .unavailable(tier: .redis, reason: "unexpected reply to SET NX")
        }
    }
}
