import Testing

/// Contract rule 4 at `serve`: a control character in a client's audience, a
/// certificate name or `tokens.default_audience` is exit 2 with one line naming the key path.
@Suite struct IdentityConfigCommandLineTests {
    static let secret = "    secret_hash: \"$pbkdf2-sha256$x\"\n"

    @Test(arguments: [
        ("clients:\n  - id: a\n\(secret)    audiences: [\"read\\x1eadmin\"]\n", "clients[0].audiences[0]"),
        ("clients:\n  - id: a\n    audiences: [api]\n    tls_client_auth:\n      san_dns: \"svc\\x00.example\"\n",
         "clients[0].tls_client_auth.san_dns"),
        ("tokens:\n  default_audience: [\"api\\x7f\"]\n", "tokens.default_audience[0]"),
    ])
    func aControlCharacterInConfigExits2NamingItsKeyPath(yaml: String, keyPath: String) throws {
        try CommandLineTests().badConfigExits2WithOneLineNamingFileAndKeyPath(yaml: yaml, keyPath: keyPath)
    }
}
