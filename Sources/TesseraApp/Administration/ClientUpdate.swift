import TesseraStore

/// What `client update` changes; nil leaves a field as it is.
package struct ClientUpdate: Sendable, Equatable {
    package var scopes: [String]?
    package var audiences: [String]?
    package var introspect: Bool?
    /// Seconds, 1 to `tokens.max_ttl`.
    package var tokenTTLSeconds: Int64?
    package var rps: Int?
    package var burst: Int?
    /// private_key_jwt: the new JWK Set (JSON text, checked), in place of the client's.
    package var jwks: String?
    /// RFC 8705: the new certificate methods, in place of all of the client's.
    package var certificateMethods: ClientCertificateMethods?

    package init(
        scopes: [String]? = nil, audiences: [String]? = nil, introspect: Bool? = nil, tokenTTLSeconds: Int64? = nil,
        rps: Int? = nil, burst: Int? = nil, jwks: String? = nil, certificateMethods: ClientCertificateMethods? = nil
    ) {
        self.jwks = jwks
        self.certificateMethods = certificateMethods
        self.scopes = scopes
        self.audiences = audiences
        self.introspect = introspect
        self.tokenTTLSeconds = tokenTTLSeconds
        self.rps = rps
        self.burst = burst
    }

    package var isEmpty: Bool { self == ClientUpdate() }
}

/// Where a new client secret comes from.
package enum NewSecret: Sendable {
    /// 256 random bits, fast hash; the operation returns it to be printed once.
    case generate
    /// A secret a person chose (PBKDF2).
    case chosen([UInt8])
    /// None: the client authenticates with keys or a certificate.
    case none
}
