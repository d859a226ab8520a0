/// Client records in Redis under `tessera:client:<id>`, with a TTL. A value is `4|` and the
/// record's fields length-prefixed (`LengthPrefixedFields`): secret hash, introspect (`0`/`1`),
/// scopes and audiences (lists), the PostgreSQL version column, subject DN, SAN DNS, SAN URI (each
/// `-` when absent), the self-signed thumbprints (a list) and the JWK Set (`-` when none). No
/// separator byte exists for a value to hold: what PostgreSQL holds is what every node reads back
/// (contract rule 4). An id known not to exist is stored as `-` (negative caching, shorter TTL).
package struct RedisClientCache: Sendable {
    package enum Entry: Sendable, Equatable {
        case found(ClientRecord)
        case unknown
    }

    package let pool: RedisPool
    package static let keyPrefix = "tessera:client:"

    package init(pool: RedisPool) {
        self.pool = pool
    }

    package static func key(_ id: String) -> [UInt8] { Array((keyPrefix + id).utf8) }

    /// `tessera:client-generation:<id>`: a random value replaced by every change of the client
    /// (`invalidate`), which a fill must find unchanged since its read (outside `tessera:client:*`,
    /// so a resubscribing node's sweep leaves it).
    package static func generationKey(_ id: String) -> [UInt8] { Array(("tessera:client-generation:" + id).utf8) }

    /// What a read found: the entry (nil on a miss) and the client's generation at that moment,
    /// which a fill of what PostgreSQL says next must still find (`fill`).
    package struct Read: Sendable, Equatable {
        package var entry: Entry?
        package var generation: [UInt8]?
    }

    /// One round trip: the entry and the generation together.
    package func read(id: String) throws(StoreError) -> Read {
        let reply = try pool.command([Array("MGET".utf8), Self.key(id), Self.generationKey(id)])
        if case .error(let message) = reply { throw .server(tier: .redis, code: "MGET", message: message) }
        guard case .array(let parts) = reply, parts.count == 2 else { return Read(entry: nil, generation: nil) }
        return Read(entry: parts[0].bytes.flatMap { Self.decode($0, id: id) }, generation: parts[1].bytes)
    }

    /// nil on a miss.
    package func get(id: String) throws(StoreError) -> Entry? {
        try read(id: id).entry
    }

    /// Stores what PostgreSQL answered after `read` unless the client changed since (its generation
    /// moved): a fill that raced a change never installs the old row, and a normal fill needs no
    /// pause after an invalidation. False when refused.
    package func fill(_ entry: Entry, id: String, ttlMilliseconds: Int64, after read: Read) throws(StoreError) -> Bool {
        let reply = try pool.command([
            Array("EVAL".utf8), Array(Self.fillScript.utf8), Array("2".utf8), Self.key(id), Self.generationKey(id),
            Self.encode(entry), Array(String(max(1, ttlMilliseconds)).utf8), read.generation ?? [],
        ])
        if case .error(let message) = reply { throw .server(tier: .redis, code: "EVAL", message: message) }
        return reply == .integer(1)
    }

    /// A generation is never empty, so "" stands for none (the key absent).
    static let fillScript = """
        if (redis.call('GET', KEYS[2]) or '') ~= ARGV[3] then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """

    /// The client changed (in PostgreSQL, already committed): a new generation, then the entry
    /// goes, atomically. A fill that read the old row before this finds another generation and
    /// stores nothing; one that read after it stores the new row.
    package func invalidate(id: String) throws(StoreError) {
        let generation = String(UInt64.random(in: 1...UInt64.max), radix: 16) + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let reply = try pool.command([
            Array("EVAL".utf8), Array(Self.invalidateScript.utf8), Array("2".utf8), Self.key(id), Self.generationKey(id),
            Array(generation.utf8), Array(String(Self.generationLifetimeMilliseconds).utf8),
        ])
        if case .error(let message) = reply { throw .server(tier: .redis, code: "EVAL", message: message) }
    }

    static let invalidateScript = """
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        redis.call('DEL', KEYS[1])
        return 1
        """

    /// Far longer than any fill takes (a PostgreSQL statement is cut at 2 s): a generation is random,
    /// so even one expired and set again never equals what an old read saw.
    static let generationLifetimeMilliseconds: Int64 = 86_400_000

    package func set(_ entry: Entry, id: String, ttlMilliseconds: Int64) throws(StoreError) {
        let reply = try pool.command([
            Array("SET".utf8), Self.key(id), Self.encode(entry), Array("PX".utf8), Array(String(max(1, ttlMilliseconds)).utf8),
        ])
        if case .error(let message) = reply { throw .server(tier: .redis, code: "SET", message: message) }
    }

    package func delete(id: String) throws(StoreError) {
        _ = try pool.command([Array("DEL".utf8), Self.key(id)])
    }

    /// Deletes every client entry (SCAN and UNLINK in batches); returns how many went. A node that
    /// (re)subscribes cannot know what it missed: any entry may predate a change whose
    /// announcement (and deletion of the entry) could not reach Redis, so none can be trusted.
    @discardableResult
    package func deleteAll() throws(StoreError) -> Int {
        try Self.deleteAll { arguments throws(StoreError) in try pool.command(arguments) }
    }

    /// The same over one connection of its own (not subject to the pool's reconnect backoff,
    /// which after an outage can hold callers off for seconds after Redis is back).
    @discardableResult
    package static func deleteAll(on connection: RedisConnection) throws(StoreError) -> Int {
        try deleteAll { arguments throws(StoreError) in try connection.command(arguments) }
    }

    private static func deleteAll(_ command: ([[UInt8]]) throws(StoreError) -> RedisReply) throws(StoreError) -> Int {
        var cursor: [UInt8] = Array("0".utf8)
        var deleted = 0
        repeat {
            let reply = try command([
                Array("SCAN".utf8), cursor, Array("MATCH".utf8), Array((Self.keyPrefix + "*").utf8), Array("COUNT".utf8), Array("1000".utf8),
            ])
            guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].bytes, case .array(let keys) = parts[1] else {
                throw .unavailable(tier: .redis, reason: "unexpected SCAN reply")
            }
            cursor = next
            let names = keys.compactMap(\.bytes)
            if !names.isEmpty {
                if case .error(let message) = try command([Array("UNLINK".utf8)] + names) {
                    throw .server(tier: .redis, code: "UNLINK", message: message)
                }
                deleted += names.count
            }
        } while cursor != Array("0".utf8)
        return deleted
    }
}
