/// The status log in Redis: `tessera:status:next` (INCRBY) hands out indexes under the epoch in
/// `tessera:status:epoch`; entries sit in the sorted set `tessera:status:log` scored by a
/// sequence number, each script run atomic, so a reader never sees N+1 before N.
package struct RedisStatusLog: StatusLogStore {
    /// The epoch is made with the counter: a Redis that lost both starts new list ids.
    static let reserveScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[2], ARGV[2]) end
        local next = redis.call('INCRBY', KEYS[1], ARGV[1])
        return {next, redis.call('GET', KEYS[2])}
        """
    static let appendScript = """
        local seq = redis.call('INCR', KEYS[1])
        redis.call('ZADD', KEYS[2], seq, ARGV[1])
        return seq
        """
    static let counter = "tessera:status:next"
    static let epoch = "tessera:status:epoch"
    static let sequence = "tessera:status:seq"
    static let log = "tessera:status:log"

    let pool: RedisPool

    package init(pool: RedisPool) {
        self.pool = pool
    }

    package func reserve(_ count: Int64) throws(StoreError) -> (epoch: String, start: Int64) {
        let fresh = String(UInt64.random(in: 0...UInt64.max) & 0xFF_FFFF_FFFF, radix: 16)
        let reply = try pool.command(["EVAL", Self.reserveScript, "2", Self.counter, Self.epoch, String(count), fresh])
        guard case .array(let items) = reply, items.count == 2, case .integer(let next) = items[0],
            let epoch = items[1].bytes
        else { throw .unavailable(tier: .redis, reason: "unexpected reply to the status list counter: \(reply)") }
        return (String(decoding: epoch, as: UTF8.self), next - count)
    }

    /// The entry carries its own expiry as its last field; `read` drops expired ones.
    package func append(_ entry: String, expiresAt: Int64) throws(StoreError) {
        let reply = try pool.command(["EVAL", Self.appendScript, "2", Self.sequence, Self.log, "\(expiresAt)\t\(entry)"])
        if case .error(let message) = reply { throw .unavailable(tier: .redis, reason: message) }
    }

    package func read(after cursor: Int64, now: Int64) throws(StoreError) -> (entries: [String], cursor: Int64) {
        let reply = try pool.command(["ZRANGEBYSCORE", Self.log, "(\(cursor)", "+inf", "WITHSCORES"])
        guard case .array(let items) = reply else {
            throw .unavailable(tier: .redis, reason: "unexpected reply to the status log read: \(reply)")
        }
        var next = cursor
        var entries: [String] = []
        var expired: [String] = []
        var index = 0
        while index + 1 < items.count {
            defer { index += 2 }
            guard let member = items[index].bytes, let score = items[index + 1].bytes,
                let seq = Int64(String(decoding: score, as: UTF8.self))
            else { continue }
            next = max(next, seq)
            let text = String(decoding: member, as: UTF8.self)
            guard let tab = text.firstIndex(of: "\t"), let expiresAt = Int64(text[..<tab]) else { continue }
            if expiresAt <= now {
                expired.append(text)
            } else {
                entries.append(String(text[text.index(after: tab)...]))
            }
        }
        // A full read (at start) also sweeps what has expired.
        if cursor == 0 && !expired.isEmpty { _ = try? pool.command(["ZREM", Self.log] + expired) }
        return (entries, next)
    }
}
