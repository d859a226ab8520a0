/// Signing keys in PostgreSQL (`tessera_signing_keys`), their private halves sealed by the caller
/// (this table sees only the sealed text). `slot` is unique: of several nodes making the key of
/// one rotation, the first insert wins and the others insert nothing.
package struct PostgresKeyTable: Sendable {
    /// A stored key; `nonce` and `privateKey` are base64url of the sealed bytes.
    package struct Row: Sendable, Equatable {
        package var keyID: String
        package var keyType: String
        package var activation: Int64
        package var created: Int64
        package var encryptionKeyID: String
        package var nonce: String
        package var privateKey: String

        package init(keyID: String, keyType: String, activation: Int64, created: Int64,
                     encryptionKeyID: String, nonce: String, privateKey: String) {
            self.keyID = keyID
            self.keyType = keyType
            self.activation = activation
            self.created = created
            self.encryptionKeyID = encryptionKeyID
            self.nonce = nonce
            self.privateKey = privateKey
        }
    }

    static let all = PostgresStatement(
        name: "tessera_keys_all",
        sql: """
            SELECT kid, key_type, activation, created_at, encryption_key_id, nonce, private_key
            FROM tessera_signing_keys ORDER BY activation DESC
            """,
        parameterCount: 0)
    static let insert = PostgresStatement(
        name: "tessera_keys_insert",
        sql: """
            INSERT INTO tessera_signing_keys (kid, key_type, activation, created_at, slot, encryption_key_id, nonce, private_key)
            VALUES ($1, $2, $3::bigint, $4::bigint, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING kid
            """,
        parameterCount: 8)
    static let delete = PostgresStatement(
        name: "tessera_keys_delete", sql: "DELETE FROM tessera_signing_keys WHERE kid = $1", parameterCount: 1)
    static let reseal = PostgresStatement(
        name: "tessera_keys_reseal",
        sql: "UPDATE tessera_signing_keys SET encryption_key_id = $2, nonce = $3, private_key = $4 WHERE kid = $1",
        parameterCount: 4)

    package init() {}

    /// Every stored key, newest activation first.
    package func all(on connection: PostgresConnection) throws(StoreError) -> [Row] {
        try connection.execute(Self.all).rows.compactMap { row in
            guard let kid = row[0], let type = row[1], let activation = row[2].flatMap({ Int64($0) }),
                let created = row[3].flatMap({ Int64($0) }), let encryption = row[4], let nonce = row[5], let key = row[6]
            else { return nil }
            return Row(keyID: kid, keyType: type, activation: activation, created: created,
                       encryptionKeyID: encryption, nonce: nonce, privateKey: key)
        }
    }

    /// Inserts `row` unless its kid, its activation second or `slot` is taken; true when inserted.
    package func insert(_ row: Row, slot: String?, on connection: PostgresConnection) throws(StoreError) -> Bool {
        let result = try connection.execute(Self.insert, [
            row.keyID, row.keyType, String(row.activation), String(row.created), slot, row.encryptionKeyID, row.nonce, row.privateKey,
        ])
        return !result.rows.isEmpty
    }

    package func delete(keyID: String, on connection: PostgresConnection) throws(StoreError) {
        _ = try connection.execute(Self.delete, [keyID])
    }

    /// Replaces a key's sealed private half (the encryption key rotated).
    package func reseal(_ row: Row, on connection: PostgresConnection) throws(StoreError) {
        _ = try connection.execute(Self.reseal, [row.keyID, row.encryptionKeyID, row.nonce, row.privateKey])
    }
}
