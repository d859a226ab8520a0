import Yams

extension KeysConfig {
    static let keys = ["directory", "hs256_secret", "rotation", "encryption_key"]

    /// Minimum HS256 secret length in bytes (RFC 7518 §3.2: at least the hash size).
    static let minimumHS256SecretBytes = 32
    /// Minimum encryption key length in bytes: AES-256 takes a 32-byte key (derived from it).
    static let minimumEncryptionKeyBytes = 32

    init(_ section: ConfigSection?, algorithm: TokenAlgorithm, reader: ConfigReader) throws(ConfigError) {
        let defaults = KeysConfig()
        let directory = try section?.string("directory", default: defaults.directory) ?? defaults.directory
        if directory.isEmpty {
            throw reader.error("keys.directory", "must not be empty")
        }
        let secrets = try section.map { s throws(ConfigError) in try Self.stringOrList(s, "hs256_secret") } ?? []
        if algorithm == .HS256, secrets.isEmpty {
            throw reader.error(
                "keys.hs256_secret", "must be at least \(Self.minimumHS256SecretBytes) bytes when tokens.algorithm is HS256")
        }
        for (index, secret) in secrets.enumerated() where secret.utf8.count < Self.minimumHS256SecretBytes {
            // A single short secret under another algorithm is ignored, as it always was; in a
            // list, or signing, it is a mistake.
            guard algorithm == .HS256 || secrets.count > 1 else { continue }
            let path = secrets.count > 1 ? "keys.hs256_secret[\(index)]" : "keys.hs256_secret"
            throw reader.error(path, "must be at least \(Self.minimumHS256SecretBytes) bytes" +
                (algorithm == .HS256 ? " when tokens.algorithm is HS256" : ""))
        }
        let encryptionKeys = try section.map { s throws(ConfigError) in try Self.stringOrList(s, "encryption_key") } ?? []
        for (index, key) in encryptionKeys.enumerated() where key.utf8.count < Self.minimumEncryptionKeyBytes {
            let path = encryptionKeys.count > 1 ? "keys.encryption_key[\(index)]" : "keys.encryption_key"
            throw reader.error(path, "must be at least \(Self.minimumEncryptionKeyBytes) bytes, got \(key.utf8.count)")
        }
        var rotation: KeyRotationConfig?
        if let rotationSection = try section?.section("rotation", keys: KeyRotationConfig.keys) {
            let parsed = try KeyRotationConfig(rotationSection)
            if parsed.isScheduled, algorithm == .HS256 {
                throw reader.error("keys.rotation.every",
                                   "tokens.algorithm HS256 has no key to make; list secrets in keys.hs256_secret instead")
            }
            rotation = parsed
        }
        self.init(directory: directory, hs256Secrets: secrets, rotation: rotation, encryptionKeys: encryptionKeys)
    }

    /// A key that takes one string or a list of them; an empty string (the default) is none.
    private static func stringOrList(_ section: ConfigSection, _ key: String) throws(ConfigError) -> [String] {
        guard let node = section.values[key] else { return [] }
        if case .sequence = node {
            let list = try section.stringList(key, default: [])
            if list.isEmpty { throw section.error(key, "must not be an empty list") }
            return list
        }
        let text = try section.string(key, default: "")
        return text.isEmpty ? [] : [text]
    }
}
