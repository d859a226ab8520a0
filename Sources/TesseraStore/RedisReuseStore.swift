/// The Redis side of token reuse shared between nodes: opaque keys and values, written first-wins.
/// OAuth decides what a key names and what a value holds (`SharedTokenReuse`); the commands stay
/// here. `GET`, `SET NX PX`, `DEL`, and `SCAN MATCH` + `DEL` for one client's keys.
package protocol ReuseStore: Sendable {
    /// The value under `key`, or nil.
    func value(for key: [UInt8]) throws(StoreError) -> [UInt8]?
    /// Stores `value` under `key` for `milliseconds` unless a value is there; true when stored.
    func storeIfAbsent(_ value: [UInt8], for key: [UInt8], milliseconds: Int64) throws(StoreError) -> Bool
    func remove(_ key: [UInt8]) throws(StoreError)
    /// Removes every key matching the glob `pattern`.
    func removeAll(matching pattern: [UInt8]) throws(StoreError)
}

package struct RedisReuseStore: ReuseStore {
    package let pool: RedisPool

    package init(pool: RedisPool) { self.pool = pool }

    package func value(for key: [UInt8]) throws(StoreError) -> [UInt8]? {
        try pool.command([Array("GET".utf8), key]).bytes
    }

    package func storeIfAbsent(_ value: [UInt8], for key: [UInt8], milliseconds: Int64) throws(StoreError) -> Bool {
        let reply = try pool.command([
            Array("SET".utf8), key, value, Array("NX".utf8), Array("PX".utf8), Array(String(milliseconds).utf8),
        ])
        if case .status = reply { return true }
        return false
    }

    package func remove(_ key: [UInt8]) throws(StoreError) {
        _ = try pool.command([Array("DEL".utf8), key])
    }

    package func removeAll(matching pattern: [UInt8]) throws(StoreError) {
        var cursor: [UInt8] = Array("0".utf8)
        repeat {
            let reply = try pool.command([
                Array("SCAN".utf8), cursor, Array("MATCH".utf8), pattern, Array("COUNT".utf8), Array("1000".utf8),
            ])
            guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].bytes, case .array(let keys) = parts[1]
            else { throw StoreError.unavailable(tier: .redis, reason: "unexpected SCAN reply") }
            cursor = next
            let names = keys.compactMap(\.bytes)
            if !names.isEmpty {
                var command: [[UInt8]] = [Array("DEL".utf8)]
                command.append(contentsOf: names)
                _ = try pool.command(command)
            }
        } while cursor != Array("0".utf8)
    }
}
