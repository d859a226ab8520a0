import Testing
import TesseraConfig
import TesseraCore

/// `clients[].secrets`, `token_ttl`, `rate`, `disabled`, `dpop_bound_access_tokens` and
/// `tokens.max_ttl`.
struct ClientPolicyConfigTests {
    private func parse(_ yaml: String) throws -> Config {
        try ConfigLoader.parse(yaml: yaml, file: "config.yaml", environment: [:])
    }

    private func refusal(_ yaml: String) -> ConfigError? {
        do {
            _ = try parse(yaml)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func secretsWithExpiriesAndAPolicyAreRead() throws {
        let config = try parse("""
            tokens:
              max_ttl: 2h
            clients:
              - id: svc
                secrets:
                  - hash: "$hmac-sha256$new"
                  - hash: "$hmac-sha256$old"
                    expires_at: "2026-12-08T09:30:00Z"
                  - hash: "$hmac-sha256$older"
                    expires_at: "2026-12-08T10:30:00.25+01:00"
                audiences: [api]
                token_ttl: 90m
                rate: {rps: 5, burst: 2}
                disabled: true
                dpop_bound_access_tokens: true
            """)
        let client = try #require(config.clients.first)
        #expect(client.secretHash == "$hmac-sha256$new")
        #expect(client.secrets == [
            ClientSecretConfig(hash: "$hmac-sha256$new"), ClientSecretConfig(hash: "$hmac-sha256$old", expiresAt: 1_796_722_200),
            ClientSecretConfig(hash: "$hmac-sha256$older", expiresAt: 1_796_722_200),
        ])
        #expect(client.tokenTTL == .seconds(5400) && client.rate == ClientRate(rps: 5, burst: 2))
        #expect(client.disabled && client.dpopBoundAccessTokens)
        #expect(config.tokens.maxTTL == .seconds(7200))
        #expect(try parse("clients: []\n").tokens.maxTTL == .seconds(86400))
    }

    @Test(arguments: [
        ("    secret_hash: \"$x\"\n    audiences: [api]\n    token_ttl: 25h\n", "clients[0].token_ttl", "must be at most tokens.max_ttl (24h)"),
        ("    secrets: []\n    audiences: [api]\n", "clients[0].secrets", "one to five"),
        ("    secrets: [{hash: \"$a\"}, {hash: \"$b\"}, {hash: \"$c\"}, {hash: \"$d\"}, {hash: \"$e\"}, {hash: \"$f\"}]\n    audiences: [api]\n",
         "clients[0].secrets", "one to five secrets, got 6"),
        ("    secret_hash: \"$x\"\n    secrets: [{hash: \"$a\"}]\n    audiences: [api]\n", "clients[0].secrets", "not both"),
        ("    secrets: [{hash: \"$a\", expires_at: tomorrow}]\n    audiences: [api]\n", "clients[0].secrets[0].expires_at", "RFC 3339"),
        ("    secrets: [{hash: \"plain\"}]\n    audiences: [api]\n", "clients[0].secrets[0].hash", "PHC string"),
        ("    secrets: [{expires_at: \"2026-12-08T09:30:00Z\"}]\n    audiences: [api]\n", "clients[0].secrets[0].hash", "is required"),
        ("    secret_hash: \"$x\"\n    audiences: [api]\n    rate: {burst: 2}\n", "clients[0].rate.rps", "is required"),
        ("    secret_hash: \"$x\"\n    audiences: [api]\n    rate: {rps: -1}\n", "clients[0].rate.rps", "at least 0"),
    ])
    func badPolicyIsAConfigErrorNamingTheKey(client: String, keyPath: String, fragment: String) {
        let error = refusal("clients:\n  - id: svc\n" + client)
        #expect(error?.keyPath == keyPath, "\(String(describing: error))")
        #expect(error?.description.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func aTokenTTLUpToARaisedMaxTTLIsAccepted() throws {
        let config = try parse("tokens:\n  max_ttl: 48h\nclients:\n  - id: svc\n    secret_hash: \"$x\"\n    audiences: [api]\n    token_ttl: 25h\n")
        #expect(config.clients.first?.tokenTTL == .seconds(90000))
    }
}
