extension KeysConfig {
    static let keys = ["directory", "hs256_secret"]

    /// Minimum HS256 secret length in bytes (RFC 7518 §3.2: at least the hash size).
    static let minimumHS256SecretBytes = 32

    init(_ section: ConfigSection?, algorithm: TokenAlgorithm, reader: ConfigReader) throws(ConfigError) {
        let defaults = KeysConfig()
        let directory = try section?.string("directory", default: defaults.directory) ?? defaults.directory
        let secret = try section?.string("hs256_secret", default: defaults.hs256Secret) ?? defaults.hs256Secret
        if directory.isEmpty {
            throw reader.error("keys.directory", "must not be empty")
        }
        if algorithm == .HS256, secret.utf8.count < Self.minimumHS256SecretBytes {
            throw reader.error(
                "keys.hs256_secret",
                "must be at least \(Self.minimumHS256SecretBytes) bytes when tokens.algorithm is HS256"
            )
        }
        self.init(directory: directory, hs256Secret: secret)
    }
}
