import TesseraJOSE

/// The claims of an access token as the OAuth logic decides them (RFC 9068 §2.2).
package struct TokenClaims: Sendable, Equatable {
    package var issuer: String
    /// The client id: in client credentials, the client is the subject.
    package var subject: String
    package var clientID: String
    package var audiences: [String]
    package var scope: String
    package var issuedAt: Int64
    package var expiresAt: Int64
    package var jwtID: String
    /// `cnf.x5t#S256` (RFC 8705 §3): set when the request came with a client certificate.
    package var certificateThumbprint: String?
    /// `status.status_list`: the token's index in a status list (nil without one).
    package var status: StatusReference?

    package init(
        issuer: String, subject: String, clientID: String, audiences: [String], scope: String,
        issuedAt: Int64, expiresAt: Int64, jwtID: String, certificateThumbprint: String? = nil
    ) {
        self.certificateThumbprint = certificateThumbprint
        self.issuer = issuer
        self.subject = subject
        self.clientID = clientID
        self.audiences = audiences
        self.scope = scope
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.jwtID = jwtID
    }
}

/// Turns claims into a signed compact JWT. The token endpoint depends on this seam rather than on a
/// key type, so the issuing rules are tested without keys and the JOSE module can change freely;
/// `JOSETokenMinter` is the production implementation.
package protocol TokenMinting: Sendable {
    /// The JWS `alg` of the tokens minted, for metrics.
    var algorithm: JWSAlgorithm { get }
    /// Identifies the key that signs (algorithm and key id); tokens signed under another one are
    /// not reused. 0 when the minter cannot tell.
    var signerIdentity: UInt64 { get }
    /// A new token id with at least 128 random bits.
    func newJWTID() -> String
    /// Appends the compact serialization `header.payload.signature` to `out`.
    func mint(_ claims: TokenClaims, into out: inout [UInt8]) throws
}

extension TokenMinting {
    package var signerIdentity: UInt64 { 0 }
}
