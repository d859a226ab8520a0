/// The errors of the OAuth endpoints, named exactly by the RFC error codes (RFC 6749 §5.2, RFC 7009,
/// RFC 7662, RFC 8707, RFC 6585 for rate limiting). Each knows its status and JSON body, so errors
/// become HTTP responses in one place. Descriptions are fixed phrases chosen here: they never echo a
/// secret, and never tell an unknown client id from a wrong secret.
package enum OAuthError: Error, Equatable, Sendable {
    case invalidRequest(String)
    /// Always answered 401 with `WWW-Authenticate: Basic realm="tessera"`, see `wwwAuthenticate`.
    case invalidClient(String)
    case invalidGrant(String)
    case unauthorizedClient(String)
    case unsupportedGrantType(String)
    case invalidScope(String)
    case invalidTarget(String)
    case rateLimited(retryAfter: Int)
    case temporarilyUnavailable(String)
    /// A DPoP proof that does not hold (RFC 9449 §5), 400.
    case invalidDPoPProof(String)
    /// The proof lacks a current server nonce (RFC 9449 §8), 400 with this nonce in `DPoP-Nonce`.
    case useDPoPNonce(nonce: String)

    /// The endpoint answering; it only changes the status of `unauthorized_client`.
    package enum Endpoint: Sendable {
        case token, introspection, revocation
    }

    /// The RFC error code, the `error` member of the body.
    package var code: String { codeLiteral.description }

    /// `code` as a literal, for the access line and the span without making a String.
    package var codeLiteral: StaticString {
        switch self {
        case .invalidRequest: "invalid_request"
        case .invalidClient: "invalid_client"
        case .invalidGrant: "invalid_grant"
        case .unauthorizedClient: "unauthorized_client"
        case .unsupportedGrantType: "unsupported_grant_type"
        case .invalidScope: "invalid_scope"
        case .invalidTarget: "invalid_target"
        case .rateLimited: "rate_limited"
        case .temporarilyUnavailable: "temporarily_unavailable"
        case .invalidDPoPProof: "invalid_dpop_proof"
        case .useDPoPNonce: "use_dpop_nonce"
        }
    }

    /// An error answered only once the client authenticated: it refuses what the client asked
    /// for (a scope, an audience, a permission, a grant), not who the client is.
    package var followsAuthentication: Bool {
        switch self {
        case .invalidScope, .invalidTarget, .unauthorizedClient, .invalidGrant: true
        default: false
        }
    }

    package var errorDescription: String {
        switch self {
        case .invalidRequest(let text), .invalidClient(let text), .invalidGrant(let text),
            .unauthorizedClient(let text), .unsupportedGrantType(let text), .invalidScope(let text),
            .invalidTarget(let text), .temporarilyUnavailable(let text), .invalidDPoPProof(let text):
            text
        case .rateLimited: "too many requests for this client"
        case .useDPoPNonce: "a DPoP proof must carry the nonce in the DPoP-Nonce header"
        }
    }

    /// HTTP status. `unauthorized_client` is 403 at introspection (an authenticated client without the
    /// permission) and 400 at the token and revocation endpoints (RFC 6749 §5.2, RFC 7009 §2.2.1).
    package func status(at endpoint: Endpoint = .token) -> Int {
        switch self {
        case .invalidClient: 401
        case .unauthorizedClient: endpoint == .introspection ? 403 : 400
        case .rateLimited: 429
        case .temporarilyUnavailable: 503
        default: 400
        }
    }

    /// The `WWW-Authenticate` value to send, if any. RFC 6749 §5.2 requires it when the client used
    /// Basic; RFC 7235 §3.1 requires a challenge on every 401, so Tessera sends it with every
    /// `invalid_client` (no authentication, or client_secret_post, included): that tells a client that
    /// sent nothing how to authenticate and costs nothing otherwise.
    package var wwwAuthenticate: String? {
        if case .invalidClient = self { return #"Basic realm="tessera""# }
        return nil
    }

    /// The `DPoP-Nonce` header to send (RFC 9449 §8), if any.
    package var dpopNonce: String? {
        if case .useDPoPNonce(let nonce) = self { return nonce }
        return nil
    }

    /// Seconds for the `Retry-After` header: what the limit says for `rate_limited` (RFC 6585 §4),
    /// one second for `temporarily_unavailable` (a 503 of an overloaded or unreachable backend,
    /// RFC 9110 §10.2.3), none otherwise.
    package var retryAfter: Int? {
        switch self {
        case .rateLimited(let seconds): return seconds
        case .temporarilyUnavailable: return 1
        default: return nil
        }
    }
}
