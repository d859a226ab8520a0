import TesseraCore

extension StaticClientConfig {
    /// `secrets: [{hash, expires_at}]`: one to five, the first the newest; not with `secret_hash`.
    static func secrets(_ section: ConfigSection) throws(ConfigError) -> [ClientSecretConfig] {
        guard section.has("secrets") else { return [] }
        if section.has("secret_hash") {
            throw section.error("secrets", "give either secret_hash or secrets, not both")
        }
        let items = try section.list("secrets")
        guard (1...5).contains(items.count) else {
            throw section.error("secrets", "must hold one to five secrets, got \(items.count)")
        }
        var result: [ClientSecretConfig] = []
        for item in items {
            let entry = try section.reader.section(item.node, at: item.path, keys: ["hash", "expires_at"])
                ?? ConfigSection(reader: section.reader, path: item.path, values: [:])
            guard entry.has("hash") else { throw entry.error("hash", "is required (the output of `tessera secret hash`)") }
            let hash = try entry.string("hash", default: "")
            if let problem = IdentityText.problem(hash, what: "a secret hash") { throw entry.error("hash", problem) }
            guard hash.hasPrefix("$") else {
                throw entry.error("hash", "must be a PHC string starting with `$` (the output of `tessera secret hash`)")
            }
            var expiresAt: Int64? = nil
            if entry.has("expires_at") {
                let text = try entry.string("expires_at", default: "")
                guard let parsed = RFC3339Time.parse(text) else {
                    throw entry.error("expires_at", "expected an RFC 3339 time like 2026-12-31T23:59:59Z, got \"\(text)\"")
                }
                expiresAt = parsed
            }
            result.append(ClientSecretConfig(hash: hash, expiresAt: expiresAt))
        }
        return result
    }

    /// `token_ttl` (at most `tokens.max_ttl`), `rate`, `disabled`, `dpop_bound_access_tokens`.
    mutating func readPolicy(_ section: ConfigSection, maxTTL: Duration) throws(ConfigError) {
        if section.has("token_ttl") {
            let ttl = try section.duration("token_ttl", default: .seconds(1), minimum: .seconds(1))
            guard ttl <= maxTTL else {
                throw section.error("token_ttl", "must be at most tokens.max_ttl (\(maxTTL.configText)), got \(ttl.configText)")
            }
            tokenTTL = ttl
        }
        if let rate = try section.section("rate", keys: ["rps", "burst"]) {
            guard rate.has("rps") else { throw rate.error("rps", "is required (token requests per second; 0 = unlimited)") }
            self.rate = ClientRate(rps: try rate.int("rps", default: 0), burst: try rate.int("burst", default: 0))
        }
        disabled = try section.bool("disabled", default: false)
        dpopBoundAccessTokens = try section.bool("dpop_bound_access_tokens", default: false)
    }
}
