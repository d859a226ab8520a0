import TesseraJOSE

/// A signing key as kept, with the moment it was made (what `keys list` shows as created).
package struct StoredKey: Sendable {
    package let key: LoadedKey
    /// Unix seconds at which the key was made.
    package let created: Int64

    package init(key: LoadedKey, created: Int64) {
        self.key = key
        self.created = created
    }
}

/// Where the signing keys are kept: the key directory, or PostgreSQL (encrypted) so that every
/// node signs with the same keys without a shared volume.
package protocol KeyStorage: Sendable {
    /// Every key kept, newest activation first.
    func load() throws(ServiceError) -> [StoredKey]

    /// Stores `key`, signing from `activation`. `slot` names the rotation it belongs to (the
    /// scheduled successor of one key, or the first key of a type): of several nodes making a key
    /// for one slot only the first is kept, and the others get false and adopt it on their next
    /// load. Returns the activation actually used (the directory moves a taken second on by one).
    func add(_ key: any DirectoryKey, activation: Int64, created: Int64, slot: String?) throws(ServiceError) -> Int64?

    /// Forgets keys that are retired: they verify nothing any more.
    func remove(_ keys: [StoredKey]) -> [String]

    /// Makes sure a key of `type` signs at `now`: when the newest active key is of another type
    /// (or there is none), one active at once is made. Returns every key kept.
    func ensureSigningKey(type: KeyType, now: Int64) throws(ServiceError) -> [LoadedKey]
}

extension KeyStorage {
    package func ensureSigningKey(type: KeyType, now: Int64) throws(ServiceError) -> [LoadedKey] {
        // Twice at most: a lost race means another node's key is there on the second reading.
        for _ in 0..<2 {
            let keys = try load().map(\.key)
            let newest = keys.first { $0.activation <= now }
            if let newest, keys.contains(where: { $0.activation == newest.activation && $0.keyType == type }) {
                return keys
            }
            let generated: any DirectoryKey
            do { generated = try type.generate() } catch { throw .runtime("cannot generate a \(type.rawValue) key: \(error)") }
            _ = try add(generated, activation: now, created: now, slot: "first:\(type.rawValue):\(newest?.activation ?? 0)")
        }
        let keys = try load().map(\.key)
        guard keys.contains(where: { $0.keyType == type && $0.activation <= now }) else {
            throw .runtime("no \(type.rawValue) signing key could be made")
        }
        return keys
    }
}
