import Testing
import TesseraConfig

private let client = "    secret_hash: \"$pbkdf2-sha256$x\"\n"

/// Contract rule 4 in config: a control character in any value that names a client or
/// its grant is a config error at its key path (exit 2), including one brought in by `${VAR}`.
let identityErrorCases: [ErrorCase] = [
    ErrorCase(name: "audience holding U+001E",
              yaml: "clients:\n  - id: a\n\(client)    audiences: [api, \"read\\x1eadmin\"]\n",
              keyPath: "clients[0].audiences[1]", fragment: "control characters"),
    ErrorCase(name: "audience holding a NUL from the environment",
              yaml: "clients:\n  - id: a\n\(client)    audiences: [\"${TESSERA_TEST_AUDIENCE}\"]\n",
              keyPath: "clients[0].audiences[0]", fragment: "control characters",
              environment: ["TESSERA_TEST_AUDIENCE": "api\u{0}x"]),
    ErrorCase(name: "default audience holding DEL",
              yaml: "tokens:\n  default_audience: [\"api\\x7f\"]\n", keyPath: "tokens.default_audience[0]", fragment: "control characters"),
    ErrorCase(name: "certificate SAN holding U+001F",
              yaml: "clients:\n  - id: a\n    audiences: [api]\n    tls_client_auth:\n      san_dns: \"svc\\x1f.example\"\n",
              keyPath: "clients[0].tls_client_auth.san_dns", fragment: "control characters"),
    ErrorCase(name: "subject DN holding a newline",
              yaml: "clients:\n  - id: a\n    audiences: [api]\n    tls_client_auth:\n      subject_dn: \"CN=a\\nO=b\"\n",
              keyPath: "clients[0].tls_client_auth.subject_dn", fragment: "control characters"),
    ErrorCase(name: "secret hash holding U+001E",
              yaml: "clients:\n  - id: a\n    secret_hash: \"$pbkdf2\\x1ex\"\n    audiences: [api]\n",
              keyPath: "clients[0].secret_hash", fragment: "control characters"),
    ErrorCase(name: "scope holding U+001E",
              yaml: "clients:\n  - id: a\n\(client)    audiences: [api]\n    scopes: [\"read\\x1eadmin\"]\n",
              keyPath: "clients[0].scopes[0]", fragment: "is not a valid scope"),
]

@Suite struct IdentityConfigTests {
    @Test(arguments: identityErrorCases)
    func aControlCharacterIsRefusedAtItsKeyPath(_ testCase: ErrorCase) {
        ConfigErrorCaseTests().invalidConfigIsRejectedAtItsKeyPath(testCase)
    }

    @Test func nonASCIIAudiencesAreAccepted() throws {
        let yaml = "clients:\n  - id: a\n\(client)    audiences: [\"\u{E9}\", \"e\u{301}\"]\n"
        let config = try ConfigLoader.parse(yaml: yaml, file: "config.yaml", environment: [:])
        #expect(config.clients.first?.audiences.count == 2)
    }
}
