import TesseraConfig
import TesseraJOSE
import TesseraStore

/// Signing keys in PostgreSQL (`keys.encryption_key` with `database`): every node reads the same
/// keys, their private halves sealed with AES-256-GCM (the kid as associated data). A key made
/// here is announced on the Redis channel so other nodes read it at once; without Redis they read
/// it within `KeyRotationPolicy.refreshSeconds`, half the lead before it signs.
package struct DatabaseKeyStorage: KeyStorage {
    /// Runs one statement sequence on a connection (the service's pool, or the CLI's connection).
    package typealias Connect = @Sendable ((PostgresConnection) throws(StoreError) -> Void) throws(StoreError) -> Void

    let connect: Connect
    let encryption: KeyEncryptionKeys
    let announce: @Sendable () -> Void
    let table = PostgresKeyTable()
    /// The config file, named in the error of a key that does not decrypt.
    let file: String

    package init(connect: @escaping Connect, encryption: KeyEncryptionKeys, file: String,
                 announce: @escaping @Sendable () -> Void = {}) {
        self.connect = connect
        self.encryption = encryption
        self.file = file
        self.announce = announce
    }

    package func load() throws(ServiceError) -> [StoredKey] {
        var rows: [PostgresKeyTable.Row] = []
        try run { connection throws(StoreError) in rows = try table.all(on: connection) }
        var keys: [StoredKey] = []
        for row in rows {
            keys.append(StoredKey(key: try open(row), created: row.created))
        }
        return keys
    }

    package func add(_ key: any DirectoryKey, activation: Int64, created: Int64, slot: String?) throws(ServiceError) -> Int64? {
        // A manual key moves on a second when another key holds its activation; a slotted one
        // that meets any conflict lost its race.
        for offset in 0..<(slot == nil ? 5 : 1) {
            let row = try seal(key, activation: activation + Int64(offset), created: created)
            var inserted = false
            try run { connection throws(StoreError) in inserted = try table.insert(row, slot: slot, on: connection) }
            if inserted {
                announce()
                return row.activation
            }
        }
        if slot == nil { throw .runtime("no free activation second for a new signing key near \(activation)") }
        return nil
    }

    package func remove(_ keys: [StoredKey]) -> [String] {
        var removed: [String] = []
        for stored in keys {
            let kid = stored.key.keyID.value
            if (try? run { connection throws(StoreError) in try table.delete(keyID: kid, on: connection) }) != nil {
                removed.append(kid)
            }
        }
        if !removed.isEmpty { announce() }
        return removed
    }

    /// Copies `keys` in (kept as they are: same kid, same activation); true for each one added.
    package func importKeys(_ keys: [StoredKey]) throws(ServiceError) -> [Bool] {
        var added: [Bool] = []
        for stored in keys {
            let row = try seal(stored.key.privateKey, activation: stored.key.activation, created: stored.created)
            var inserted = false
            try run { connection throws(StoreError) in inserted = try table.insert(row, slot: nil, on: connection) }
            added.append(inserted)
        }
        if added.contains(true) { announce() }
        return added
    }

    /// Seals every stored key not sealed under the first encryption key again under it; returns their kids.
    package func reseal() throws(ServiceError) -> [String] {
        guard let current = encryption.current else { return [] }
        var rows: [PostgresKeyTable.Row] = []
        try run { connection throws(StoreError) in rows = try table.all(on: connection) }
        var resealed: [String] = []
        for row in rows where row.encryptionKeyID != current.id {
            let key = try open(row)
            let fresh = try seal(key.privateKey, activation: row.activation, created: row.created)
            try run { connection throws(StoreError) in try table.reseal(fresh, on: connection) }
            resealed.append(row.keyID)
        }
        return resealed
    }

    private func run(_ body: (PostgresConnection) throws(StoreError) -> Void) throws(ServiceError) {
        do {
            try withoutActuallyEscaping(body) { escapable throws(StoreError) in try connect(escapable) }
        } catch {
            var hint = ""
            if case .server(_, "42P01", _) = error { hint = " (run tessera migrate first)" }
            throw .runtime("signing keys in PostgreSQL: \(error)\(hint)")
        }
    }
}
