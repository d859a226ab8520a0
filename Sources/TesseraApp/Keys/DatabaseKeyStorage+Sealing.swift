import TesseraConfig
import TesseraJOSE
import TesseraStore

extension DatabaseKeyStorage {
    /// The row of `key`: its PKCS#8 PEM sealed under the first encryption key, bound to its kid.
    func seal(_ key: any DirectoryKey, activation: Int64, created: Int64) throws(ServiceError) -> PostgresKeyTable.Row {
        guard let current = encryption.current else { throw .runtime("keys.encryption_key is not set") }
        do {
            let sealed = try current.seal(try key.pemRepresentation(), associated: Array(key.keyID.value.utf8))
            return PostgresKeyTable.Row(
                keyID: key.keyID.value, keyType: key.keyType.rawValue, activation: activation, created: created,
                encryptionKeyID: sealed.keyID, nonce: Base64URL.encode(sealed.nonce), privateKey: Base64URL.encode(sealed.ciphertext))
        } catch {
            throw .runtime("cannot seal signing key \(key.keyID.value): \(error)")
        }
    }

    /// The key of `row`. A key that does not open is a configuration error (exit 2 at start)
    /// naming its kid: a wrong or missing encryption key must never lead to a new key silently.
    func open(_ row: PostgresKeyTable.Row) throws(ServiceError) -> LoadedKey {
        func refuse(_ message: String) -> ServiceError {
            .configuration(ConfigError(file: file, keyPath: "keys.encryption_key",
                                       message: "cannot decrypt signing key kid=\(row.keyID): \(message)"))
        }
        guard let nonce = Base64URL.decode(row.nonce), let ciphertext = Base64URL.decode(row.privateKey) else {
            throw refuse("the stored row is malformed")
        }
        let sealed = SealedBytes(keyID: row.encryptionKeyID, nonce: nonce, ciphertext: ciphertext)
        let pem: [UInt8]
        switch encryption.open(sealed, associated: Array(row.keyID.utf8)) {
        case .success(let plaintext): pem = plaintext
        case .failure(.unknownKey(let id)):
            throw refuse("it was encrypted with encryption key id \(id), which none of the configured keys has")
        case .failure(.rejected(let id)):
            throw refuse("encryption key id \(id) does not open it (the key text differs, or the row was altered)")
        }
        guard let type = KeyType(rawValue: row.keyType) else { throw refuse("unknown key type \(row.keyType)") }
        let key: any DirectoryKey
        do { key = try type.load(pem: pem) } catch { throw refuse("not a \(row.keyType) key: \(error)") }
        guard key.keyID.value == row.keyID else { throw refuse("the decrypted key has kid \(key.keyID.value)") }
        return LoadedKey(activation: row.activation, privateKey: key)
    }
}
