/// `keys:` — where signing keys come from.
package struct KeysConfig: Sendable, Equatable {
    /// Directory of Ed25519 PKCS#8 PEM files. Absolute after loading: a relative path in the
    /// file is resolved against the folder of the config file (against the current directory
    /// for built-in defaults).
    package var directory: String
    /// HMAC secrets for HS256, the signing one first; every one verifies. Never log them.
    package var hs256Secrets: [String]
    /// `keys.rotation`; nil when the section is omitted.
    package var rotation: KeyRotationConfig?
    /// `keys.encryption_key`: with `database`, keys live in PostgreSQL encrypted under the first;
    /// every one decrypts. Empty: keys stay in `directory`. Never log them.
    package var encryptionKeys: [String]

    package init(directory: String = "./keys", hs256Secret: String = "") {
        self.init(directory: directory, hs256Secrets: hs256Secret.isEmpty ? [] : [hs256Secret])
    }

    package init(directory: String = "./keys", hs256Secrets: [String], rotation: KeyRotationConfig? = nil,
                 encryptionKeys: [String] = []) {
        self.directory = directory
        self.hs256Secrets = hs256Secrets
        self.rotation = rotation
        self.encryptionKeys = encryptionKeys
    }

    /// The secret that signs HS256 tokens ("" when none is configured).
    package var hs256Secret: String { hs256Secrets.first ?? "" }

    /// The schedule in force, nil when keys rotate only by `tessera keys rotate`.
    package var schedule: KeyRotationConfig? { rotation.flatMap { $0.isScheduled ? $0 : nil } }
}
