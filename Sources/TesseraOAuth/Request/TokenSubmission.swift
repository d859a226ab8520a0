/// A request that hands Tessera a token to look at: introspection (RFC 7662 §2.1) or revocation
/// (RFC 7009 §2.1). Both carry `token`, an optional `token_type_hint` and the client's credentials.
package struct TokenSubmission: Sendable, Equatable {
    /// The token as sent (a compact JWT if it is one of Tessera's; anything otherwise).
    package var token: [UInt8]
    /// `token_type_hint`, when sent. Tessera has only access tokens, so the hint changes nothing
    /// (RFC 7009 §2.1: the server may ignore it; an unknown value is not an error for it either).
    package var tokenTypeHint: String?
    package var credentials: ClientCredentials

    package init(token: [UInt8], tokenTypeHint: String? = nil, credentials: ClientCredentials) {
        self.token = token
        self.tokenTypeHint = tokenTypeHint
        self.credentials = credentials
    }
}

extension TokenSubmission {
    private enum Name {
        static let token: StaticString = "token"
        static let tokenTypeHint: StaticString = "token_type_hint"
    }

    /// Parses the request from its content type, Authorization header and body, in this order:
    /// content type `application/x-www-form-urlencoded` -> else `invalid_request`; the body decodes,
    /// and `token`, `token_type_hint`, `client_id`, `client_secret` do not repeat -> else
    /// `invalid_request`; credentials as at the token endpoint (`ClientCredentials.presented`);
    /// `token` present -> else `invalid_request`; usable credentials -> else `invalid_client`.
    package static func parse(
        contentType: UnsafeRawBufferPointer?, authorization: UnsafeRawBufferPointer?, body: UnsafeRawBufferPointer
    ) -> Result<TokenSubmission, OAuthError> {
        Result { () throws(OAuthError) in try parseThrowing(contentType: contentType, authorization: authorization, body: body) }
    }

    package static func parseThrowing(
        contentType: UnsafeRawBufferPointer?, authorization: UnsafeRawBufferPointer?, body: UnsafeRawBufferPointer
    ) throws(OAuthError) -> TokenSubmission {
        guard let contentType, MediaType.isFormURLEncoded(contentType) else {
            throw OAuthError.invalidRequest("content type must be application/x-www-form-urlencoded")
        }
        var token: [UInt8]?
        var hint: String?
        var credentials = CredentialParameters()
        try FormDecoder.forEachParameter(in: body) { (name, value) throws(OAuthError) in
            guard !value.isEmpty else { return }  // RFC 6749 §3.2: a parameter without a value is omitted
            if name.equals(Name.token) {
                guard token == nil else { throw OAuthError.invalidRequest("token is repeated") }
                token = Array(value)
            } else if name.equals(Name.tokenTypeHint) {
                guard hint == nil else { throw OAuthError.invalidRequest("token_type_hint is repeated") }
                hint = String(decoding: value, as: UTF8.self)
            } else {
                _ = try credentials.take(name, value)
            }
        }
        let presented = try credentials.presented(authorization: authorization)
        guard let token else { throw OAuthError.invalidRequest("missing token") }
        return TokenSubmission(token: token, tokenTypeHint: hint, credentials: try presented.required())
    }
}
