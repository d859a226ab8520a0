/// One entry of `clients:` — a client that exists in every mode.
package struct StaticClientConfig: Sendable, Equatable {
    /// Non-empty, unique, printable ASCII (RFC 6749 VSCHAR).
    package var id: String
    /// A PHC string (`$pbkdf2-sha256$...`), as printed by `tessera secret hash`.
    package var secretHash: String
    /// RFC 6749 scope-tokens, in file order.
    package var scopes: [String]
    /// Never empty when `tokens.default_audience` is empty.
    package var audiences: [String]
    /// May call /oauth/introspect.
    package var introspect: Bool

    package init(
        id: String,
        secretHash: String,
        scopes: [String] = [],
        audiences: [String] = [],
        introspect: Bool = false
    ) {
        self.id = id
        self.secretHash = secretHash
        self.scopes = scopes
        self.audiences = audiences
        self.introspect = introspect
    }
}
