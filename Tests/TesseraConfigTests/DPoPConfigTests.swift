import Testing
import TesseraConfig

/// `dpop:` and a client's `dpop_bound_access_tokens` (contract: DPoP).
@Suite struct DPoPConfigTests {
    static func parse(_ yaml: String) throws(ConfigError) -> Config {
        try ConfigLoader.parse(yaml: yaml, file: "/etc/tessera/config.yaml", environment: [:])
    }

    @Test func theContractSectionParsesToItsValuesAndItsAbsenceToTheDefaults() throws {
        let config = try Self.parse("""
            dpop:                       # omit: DPoP proofs are still verified; these are the defaults
              nonce: false              # true: require a server nonce (RFC 9449 §8)
              max_age: 60s              # a proof's iat may be at most this old (and 5 s ahead)
            """)
        #expect(config.dpop == DPoPConfig(nonce: false, maxAge: .seconds(60)))
        #expect(try Self.parse("issuer: \"https://a.test\"\n").dpop == config.dpop)
        #expect(try Self.parse("dpop:\n  nonce: true\n  max_age: 2m\n").dpop == DPoPConfig(nonce: true, maxAge: .seconds(120)))
    }

    @Test(arguments: [
        ("dpop:\n  nonce: maybe\n", "dpop.nonce"), ("dpop:\n  max_age: 0s\n", "dpop.max_age"),
        ("dpop:\n  max_age: 2h\n", "dpop.max_age"), ("dpop:\n  nonces: true\n", "dpop.nonces"),
        ("dpop:\n  max_age: 1500ms\n", "dpop.max_age"),
    ])
    func badValuesAreConfigErrorsNamingTheKey(_ yaml: String, _ key: String) {
        #expect {
            _ = try Self.parse(yaml)
        } throws: { error in
            (error as? ConfigError)?.description.contains(key) == true
        }
    }

    @Test func aClientMayRequireDPoPBoundTokens() throws {
        let yaml = """
            clients:
              - id: strict
                secret_hash: "$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA"
                scopes: [read]
                audiences: [api]
                dpop_bound_access_tokens: true
              - id: plain
                secret_hash: "$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA"
                scopes: [read]
                audiences: [api]
            """
        let clients = try Self.parse(yaml).clients
        #expect(clients.map(\.dpopBoundAccessTokens) == [true, false])
    }
}
