import TesseraCore

/// What a client is made of, as the admin API writes it (create, replace, patch): every field of
/// the contract's client metadata except the id and the secret. The JSON names are RFC 7591's
/// where one exists (`ClientDraft+JSON`).
package struct ClientDraft: Sendable, Equatable {
    package var scopes: [String] = []
    package var audiences: [String] = []
    package var introspect = false
    /// `client_secret_basic` (the default), `client_secret_post`, `private_key_jwt`,
    /// `tls_client_auth` or `self_signed_tls_client_auth`.
    package var tokenEndpointAuthMethod = "client_secret_basic"
    /// private_key_jwt: the JWK Set as JSON text.
    package var jwks: String?
    package var tlsSubjectDN: String?
    package var tlsSanDNS: String?
    package var tlsSanURI: String?
    /// self_signed_tls_client_auth: base64url SHA-256 thumbprints of the certificates.
    package var selfSignedCertificates: [String] = []
    /// Seconds; nil: `tokens.ttl`.
    package var tokenTTL: Int64?
    /// nil: `limits.per_client_rps` / `per_client_burst`.
    package var rate: ClientRate?
    package var disabled = false
    package var dpopBoundAccessTokens = false

    package init() {}

    /// Whether the client authenticates with a secret (and so gets one generated on create).
    package var usesSecret: Bool {
        tokenEndpointAuthMethod == "client_secret_basic" || tokenEndpointAuthMethod == "client_secret_post"
    }

    package static let authMethods = [
        "client_secret_basic", "client_secret_post", "private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth",
    ]
}

/// A client as the admin API shows it: its id, what it is made of, its version (the `ETag`) and
/// when it was registered. Never a secret or a hash.
package struct ClientView: Sendable, Equatable {
    package var id: String
    package var draft: ClientDraft
    package var version: Int64
    /// Unix seconds; nil when the store does not know.
    package var issuedAt: Int64?
    /// Declared in `clients:` (read-only through the API).
    package var isStatic = false

    package init(id: String, draft: ClientDraft, version: Int64, issuedAt: Int64? = nil, isStatic: Bool = false) {
        self.id = id
        self.draft = draft
        self.version = version
        self.issuedAt = issuedAt
        self.isStatic = isStatic
    }

    /// A strong entity tag for `If-Match`: the store's version of the client.
    package var etag: String { "\"\(version)\"" }
}
