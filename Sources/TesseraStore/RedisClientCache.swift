/// Client records in Redis under `tessera:client:<id>`, with a TTL. A value is one line of fields
/// joined by U+001F: `3`, secret hash, introspect (`0`/`1`), scopes and audiences each joined by
/// U+001E, the PostgreSQL version column, the certificate methods (`ClientCertificateMethods.encoded`)
/// and, for private_key_jwt clients only, the JWK Set. An id known not to exist is stored as `-` (negative caching, shorter TTL).
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

    /// nil on a miss.
    package func get(id: String) throws(StoreError) -> Entry? {
        let reply = try pool.command([Array("GET".utf8), Self.key(id)])
        switch reply {
        case .null: return nil
        case .string(let bytes): return Self.decode(bytes, id: id)
        case .error(let message): throw .server(tier: .redis, code: "GET", message: message)
        default: return nil
        }
    }

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

    package static func encode(_ entry: Entry) -> [UInt8] {
        guard case .found(let record) = entry else { return [UInt8(ascii: "-")] }
        let fields = [
            "3", record.secretHash, record.introspect ? "1" : "0",
            record.scopes.joined(separator: "\u{1E}"), record.audiences.joined(separator: "\u{1E}"), String(record.version),
            record.certificateMethods.encoded,
        ] + (record.jwks.map { [$0] } ?? [])  // an eighth field only for private_key_jwt clients
        return Array(fields.joined(separator: "\u{1F}").utf8)
    }

    /// nil for a value this version cannot read (treated as a miss, then overwritten).
    package static func decode(_ bytes: [UInt8], id: String) -> Entry? {
        if bytes == [UInt8(ascii: "-")] { return .unknown }
        let fields = String(decoding: bytes, as: UTF8.self).split(separator: "\u{1F}", omittingEmptySubsequences: false)
        guard fields.count == 7 || fields.count == 8, fields[0] == "3", let version = Int64(fields[5]),
            let certificateMethods = ClientCertificateMethods(encoded: fields[6])
        else {
            return nil
        }
        func list(_ field: Substring) -> [String] {
            field.split(separator: "\u{1E}", omittingEmptySubsequences: true).map(String.init)
        }
        var record = ClientRecord(
            id: id, secretHash: String(fields[1]), scopes: list(fields[3]), audiences: list(fields[4]),
            introspect: fields[2] == "1", jwks: fields.count == 8 ? String(fields[7]) : nil, version: version)
        record.certificateMethods = certificateMethods
        return .found(record)
    }
}
