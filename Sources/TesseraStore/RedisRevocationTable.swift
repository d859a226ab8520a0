/// Revocations kept in Redis when there is no PostgreSQL: `tessera:revoked:<jti>` =
/// `<exp>\x1f<client>` until the token's `exp`, and `tessera:cut:<client>` = `<not before>` for as
/// long as a token issued before it may live. Read back whole (SCAN) by a node that starts.
package struct RedisRevocationTable: Sendable {
    package static let revokedPrefix = "tessera:revoked:"
    package static let cutPrefix = "tessera:cut:"
    package let pool: RedisPool

    package init(pool: RedisPool) {
        self.pool = pool
    }

    package func insert(jwtID: String, clientID: String, expiresAt: Int64, now: Int64) throws(StoreError) {
        let lifetime = expiresAt - now
        guard lifetime > 0 else { return }
        try Self.check(pool.command([
            Array((Self.revokedPrefix + jwtID).utf8), Array("\(expiresAt)\u{1F}\(clientID)".utf8),
        ].withCommand("SET") + [Array("PX".utf8), Array(String(lifetime * 1000).utf8)]))
    }

    /// Records a cut at `notBefore`, or one second past the recorded one when that is not earlier;
    /// returns the cut recorded.
    @discardableResult
    package func insertCut(clientID: String, notBefore requested: Int64, expiresAt: Int64, now: Int64) throws(StoreError) -> Int64 {
        var notBefore = requested
        if let existing = try pool.command([Array("GET".utf8), Array((Self.cutPrefix + clientID).utf8)]).bytes,
            let recorded = Int64(String(decoding: existing, as: UTF8.self)), recorded >= requested
        {
            notBefore = recorded + 1
        }
        let lifetime = max(1, expiresAt - now)
        try Self.check(pool.command([
            Array((Self.cutPrefix + clientID).utf8), Array(String(notBefore).utf8),
        ].withCommand("SET") + [Array("PX".utf8), Array(String(lifetime * 1000).utf8)]))
        return notBefore
    }

    /// Records a cut a node decided (see `PostgresRevocationTable.recordCut`): the later of it and
    /// the recorded one, atomically (two nodes recording at once keep the later). Returns the cut
    /// recorded.
    @discardableResult
    package func recordCut(clientID: String, notBefore: Int64, expiresAt: Int64, now: Int64) throws(StoreError) -> Int64 {
        let lifetime = max(1, expiresAt - now)
        let reply = try pool.command([
            "EVAL", Self.recordCutScript, "1", Self.cutPrefix + clientID, String(notBefore), String(lifetime * 1000),
        ])
        switch reply {
        case .integer(let recorded): return recorded
        case .error(let message): throw .server(tier: .redis, code: "EVAL", message: message)
        default: throw .unavailable(tier: .redis, reason: "unexpected reply recording a cut")
        }
    }

    private static let recordCutScript = """
        local recorded = tonumber(redis.call('GET', KEYS[1]))
        local requested = tonumber(ARGV[1])
        if recorded and recorded >= requested then return recorded end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return requested
        """

    /// Every live revocation (jti, client, exp) and cut (client, not before).
    package func loadAll() throws(StoreError) -> (revocations: [(String, String, Int64)], cuts: [(String, Int64)]) {
        var revocations: [(String, String, Int64)] = []
        var cuts: [(String, Int64)] = []
        for (key, value) in try scan(Self.revokedPrefix) {
            let parts = value.split(separator: 0x1F, maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let exp = Int64(String(decoding: parts[0], as: UTF8.self)) else { continue }
            revocations.append((key, String(decoding: parts[1], as: UTF8.self), exp))
        }
        for (key, value) in try scan(Self.cutPrefix) {
            guard let notBefore = Int64(String(decoding: value, as: UTF8.self)) else { continue }
            cuts.append((key, notBefore))
        }
        return (revocations, cuts)
    }

    /// (key without the prefix, value) of every key under `prefix`.
    private func scan(_ prefix: String) throws(StoreError) -> [(String, [UInt8])] {
        var found: [(String, [UInt8])] = []
        var cursor = "0"
        repeat {
            let reply = try pool.command(["SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000"])
            guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].bytes,
                case .array(let keys) = parts[1]
            else {
                throw StoreError.unavailable(tier: .redis, reason: "unexpected SCAN reply")
            }
            cursor = String(decoding: next, as: UTF8.self)
            let names: [[UInt8]] = keys.compactMap(\.bytes)
            if !names.isEmpty {
                guard case .array(let values) = try pool.command(names.withCommand("MGET")) else {
                    throw StoreError.unavailable(tier: .redis, reason: "unexpected MGET reply")
                }
                for (name, value) in zip(names, values) {
                    guard let bytes = value.bytes else { continue }
                    found.append((String(decoding: name.dropFirst(prefix.utf8.count), as: UTF8.self), bytes))
                }
            }
        } while cursor != "0"
        return found
    }

    private static func check(_ reply: RedisReply) throws(StoreError) {
        if case .error(let message) = reply { throw .server(tier: .redis, code: "SET", message: message) }
    }
}

extension Array where Element == [UInt8] {
    fileprivate func withCommand(_ name: String) -> [[UInt8]] {
        var command: [[UInt8]] = [[UInt8](name.utf8)]
        command.append(contentsOf: self)
        return command
    }
}
