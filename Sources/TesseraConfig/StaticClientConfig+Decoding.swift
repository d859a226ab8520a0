import TesseraCore

extension StaticClientConfig {
    static let keys = ["id", "secret_hash", "scopes", "audiences", "introspect", "jwks", "tls_client_auth", "self_signed_certificates",
                       "secrets", "token_ttl", "rate", "disabled", "dpop_bound_access_tokens"]

    /// One `clients[i]` entry. `defaultAudience` is `tokens.default_audience`: when it is
    /// empty, every client must name at least one audience of its own.
    init(_ section: ConfigSection, defaultAudience: [String], maxTTL: Duration = TokensConfig().maxTTL) throws(ConfigError) {
        guard section.has("id") else { throw section.error("id", "is required") }
        let id = try section.string("id", default: "")
        guard !id.isEmpty else { throw section.error("id", "must not be empty") }
        // RFC 6749 Appendix A: client-id = *VSCHAR (%x20-7E)
        guard id.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw section.error("id", "must be printable ASCII")
        }
        // A client that authenticates with keys (private_key_jwt: `jwks`, checked when the clients
        // are built) or a certificate (RFC 8705 §2) needs no secret.
        let jwks = try section.jsonText("jwks")
        let tlsClientAuth = try section.section("tls_client_auth", keys: TLSClientAuthConfig.Name.allCases.map(\.rawValue))
            .map { (auth) throws(ConfigError) in try TLSClientAuthConfig(auth) }
        let selfSigned = try section.stringList("self_signed_certificates", default: [])
        for (index, thumbprint) in selfSigned.enumerated() where !Self.isThumbprint(thumbprint) {
            throw section.reader.error(
                "\(section.path("self_signed_certificates"))[\(index)]",
                "must be the base64url SHA-256 of a DER certificate (43 characters)")
        }
        let secretless = jwks != nil || tlsClientAuth != nil || !selfSigned.isEmpty
        let secrets = try Self.secrets(section)
        guard section.has("secret_hash") || secretless || !secrets.isEmpty else {
            throw section.error(
                "secret_hash", "is required (the output of `tessera secret hash`) unless the client has jwks or a certificate method")
        }
        let secretHash = try section.string("secret_hash", default: "")
        if let problem = IdentityText.problem(secretHash, what: "a secret hash") { throw section.error("secret_hash", problem) }
        guard secretHash.hasPrefix("$") || ((secretless || !secrets.isEmpty) && !section.has("secret_hash")) else {
            throw section.error("secret_hash", "must be a PHC string starting with `$` (the output of `tessera secret hash`)")
        }
        let scopes = try section.stringList("scopes", default: [])
        for (index, scope) in scopes.enumerated() where !Self.isScopeToken(scope) {
            throw section.reader.error(
                "\(section.path("scopes"))[\(index)]",
                "is not a valid scope: one word of printable ASCII without spaces, '\"' or '\\'"
            )
        }
        let audiences = try section.stringList("audiences", default: [])
        for (index, audience) in audiences.enumerated() {
            if let problem = audience.isEmpty ? "must not be empty" : IdentityText.problem(audience, what: "an audience") {
                throw section.reader.error("\(section.path("audiences"))[\(index)]", problem)
            }
        }
        // tokens.default_audience only narrows a client's own audiences: a client without any
        // could never be granted one.
        if audiences.isEmpty {
            throw section.error("audiences", "client \"\(id)\" has no audience (tokens.default_audience only applies to audiences a client holds)")
        }
        self.init(
            id: id,
            secretHash: secretHash,
            scopes: scopes,
            audiences: audiences,
            introspect: try section.bool("introspect", default: false),
            jwks: jwks
        )
        self.tlsClientAuth = tlsClientAuth
        self.selfSignedCertificates = selfSigned
        if !secrets.isEmpty {
            self.secrets = secrets
            self.secretHash = secrets[0].hash
        }
        try readPolicy(section, maxTTL: maxTTL)
    }

    /// 43 base64url characters: 32 bytes without padding.
    static func isThumbprint(_ text: String) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy {
            (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F
        }
    }

    /// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    static func isScopeToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) }
    }
}
