import TesseraCore

/// One entry of `clients:` — a client that exists in every mode.
package struct StaticClientConfig: Sendable, Equatable {
    /// Non-empty, unique, printable ASCII (RFC 6749 VSCHAR).
    package var id: String
    /// A PHC string (`$pbkdf2-sha256$...`), as printed by `tessera secret hash`: the newest secret.
    package var secretHash: String
    /// Every secret, newest (the first listed) first: `secrets:`, or `secret_hash` alone.
    package var secrets: [ClientSecretConfig] = []
    /// `token_ttl`: its tokens' lifetime, at most `tokens.max_ttl`; nil: `tokens.ttl`.
    package var tokenTTL: Duration?
    /// `rate: {rps, burst}`; nil: `limits.per_client_*`.
    package var rate: ClientRate?
    /// `disabled: true`: refused at every endpoint.
    package var disabled = false
    /// `dpop_bound_access_tokens: true`: its tokens must be DPoP-bound.
    package var dpopBoundAccessTokens = false
    /// RFC 6749 scope-tokens, in file order.
    package var scopes: [String]
    /// Never empty when `tokens.default_audience` is empty.
    package var audiences: [String]
    /// May call /oauth/introspect.
    package var introspect: Bool
    /// `private_key_jwt` public keys: a JWK Set as JSON text; nil when the client has none. With
    /// keys, `secretHash` may be empty (no secret).
    package var jwks: String?
    /// `tls_client_auth` (RFC 8705 §2.1), when the client authenticates with a CA-issued certificate.
    package var tlsClientAuth: TLSClientAuthConfig?
    /// `self_signed_tls_client_auth` (RFC 8705 §2.2): base64url SHA-256 thumbprints of DER certificates.
    package var selfSignedCertificates: [String] = []
    /// The client may authenticate with a certificate; then `secretHash` may be empty (no secret).
    package var hasCertificateMethod: Bool { tlsClientAuth != nil || !selfSignedCertificates.isEmpty }

    package init(
        id: String,
        secretHash: String,
        scopes: [String] = [],
        audiences: [String] = [],
        introspect: Bool = false,
        jwks: String? = nil
    ) {
        self.jwks = jwks
        self.id = id
        self.secretHash = secretHash
        self.secrets = secretHash.isEmpty ? [] : [ClientSecretConfig(hash: secretHash)]
        self.scopes = scopes
        self.audiences = audiences
        self.introspect = introspect
    }
}
