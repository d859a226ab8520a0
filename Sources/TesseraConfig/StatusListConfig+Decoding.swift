extension StatusListConfig {
    static let keys = ["ttl", "size"]

    /// A list is signed like a token, with a key in the JWKS a gateway can fetch: an HS256 secret
    /// is no such key, so the section is refused with it.
    init(_ section: ConfigSection, algorithm: TokenAlgorithm) throws(ConfigError) {
        guard algorithm != .HS256 else {
            throw section.reader.error(
                section.path, "needs an asymmetric tokens.algorithm (EdDSA, Ed25519, ES256 or RS256): a status list signed with an HS256 secret cannot be verified by a gateway")
        }
        let defaults = StatusListConfig()
        let ttl = try section.duration("ttl", default: defaults.ttl, minimum: .seconds(1))
        // 8 bits at least (one byte), at most 2^31 so an index always fits an Int32.
        let size = try section.int("size", default: defaults.size, in: 8...Int(Int32.max))
        self.init(ttl: ttl, size: size)
    }
}
