/// How a client holding a secret registered to send it (RFC 7591 `token_endpoint_auth_method`):
/// in the Authorization header or in the form body. Recorded so the admin API tells back what was
/// registered; the token, introspection and revocation endpoints accept the secret either way,
/// as the contract's table of methods says (one secret, two ways to present it).
package enum SecretMethod: String, Sendable, CaseIterable {
    case basic = "client_secret_basic"
    case post = "client_secret_post"
}
