import TesseraCore

/// A registered client as stored by any tier: plain data, with the secret only as its hash string
/// (`$hmac-sha256$...` or `$pbkdf2-sha256$...`). The OAuth module turns it into its own `Client`.
package struct ClientRecord: Sendable, Equatable {
    package var id: String
    /// One to `StoredSecret.limit` secrets, newest first (none for a key or certificate client).
    package var secrets: [StoredSecret]
    /// The newest secret's hash ("" when the client has none).
    package var secretHash: String {
        get { secrets.first?.hash ?? "" }
        set { secrets = newValue.isEmpty && secrets.count <= 1 ? [] : [StoredSecret(hash: newValue)] + secrets.dropFirst() }
    }
    package var scopes: [String]
    package var audiences: [String]
    package var introspect: Bool
    /// private_key_jwt: the client's JWK Set as JSON text, nil when it has none (schema version 4).
    package var jwks: String?
    /// PostgreSQL's `version` column: bumped by every change there (0 for static clients).
    package var version: Int64
    /// RFC 8705 §2 client authentication by certificate (empty: none); the secret hash may then
    /// be empty (no secret).
    package var certificateMethods = ClientCertificateMethods()
    /// token_ttl, rate, disabled (schema version 8).
    package var policy = ClientPolicy()
    /// DPoP (RFC 9449 §5.2): the client's tokens must be DPoP-bound (schema version 8).
    package var dpopBoundAccessTokens = false
    /// The RFC 7591 `token_endpoint_auth_method` a secret client registered with (schema version
    /// 11): told back as registered; both secret methods are accepted at the endpoints.
    package var secretMethod = SecretMethod.basic

    package init(id: String, secretHash: String, scopes: [String], audiences: [String], introspect: Bool, jwks: String? = nil,
                 version: Int64 = 0) {
        self.jwks = jwks
        self.version = version
        self.id = id
        self.secrets = secretHash.isEmpty ? [] : [StoredSecret(hash: secretHash)]
        self.scopes = scopes
        self.audiences = audiences
        self.introspect = introspect
    }
}
