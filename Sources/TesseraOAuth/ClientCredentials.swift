/// The credentials a client presented, and how (RFC 6749 §2.3.1). The secret stays bytes: it is only
/// ever hashed and compared, never logged or turned into text.
package struct ClientCredentials: Sendable, Equatable {
    package enum Method: String, Sendable {
        case clientSecretBasic = "client_secret_basic"
        case clientSecretPost = "client_secret_post"
        /// RFC 8705 §2: `client_id` alone; the certificate authenticates, by whichever of
        /// `tls_client_auth` and `self_signed_tls_client_auth` the client has.
        case mutualTLS = "tls_client_auth"
    }

    package var id: String
    package var secret: [UInt8]
    package var method: Method
    /// The certificate the request came with, whatever the method: it authenticates `mutualTLS`
    /// and binds the token issued (RFC 8705 §3). Set by the caller after parsing.
    package var certificate: ClientCertificate?

    package init(id: String, secret: [UInt8], method: Method) {
        self.id = id
        self.secret = secret
        self.method = method
    }
}
