/// The credentials a client presented, and how (RFC 6749 §2.3.1). The secret stays bytes: it is only
/// ever hashed and compared, never logged or turned into text.
package struct ClientCredentials: Sendable, Equatable {
    package enum Method: String, Sendable {
        case clientSecretBasic = "client_secret_basic"
        case clientSecretPost = "client_secret_post"
        /// RFC 7523 §2.2: `secret` holds the `client_assertion` JWT, `id` the client it names.
        case privateKeyJWT = "private_key_jwt"
        /// RFC 8705 §2: `client_id` alone; the certificate authenticates, by whichever of
        /// `tls_client_auth` and `self_signed_tls_client_auth` the client has.
        case mutualTLS = "tls_client_auth"
    }

    package var id: String
    /// The secret, or for `privateKeyJWT` the client assertion.
    package var secret: [UInt8]
    package var method: Method
    /// Basic only: the secret as sent, before form-decoding, when decoding changed it. Many client
    /// libraries skip the RFC 6749 §2.3.1 encoding, so a secret with `+` or `%` is tried both ways.
    package var rawSecret: [UInt8]?
    /// The certificate the request came with, whatever the method: it authenticates `mutualTLS`
    /// and binds the token issued (RFC 8705 §3). Set by the caller after parsing.
    package var certificate: ClientCertificate?
    /// Where the request came from: failures are counted per client id and source address, so
    /// that one address guessing secrets does not lock the client out everywhere. Set by the caller.
    package var source: SourceAddress = .unknown

    package init(id: String, secret: [UInt8], method: Method, rawSecret: [UInt8]? = nil) {
        self.id = id
        self.secret = secret
        self.method = method
        self.rawSecret = rawSecret
    }
}
