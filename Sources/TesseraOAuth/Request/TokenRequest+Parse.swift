extension TokenRequest {
    /// Parses a token request from its content type, Authorization header and body.
    ///
    /// Checked in this order, first failure wins:
    /// 1. content type must be `application/x-www-form-urlencoded` (parameters such as charset
    ///    allowed, case-insensitive) -> `invalid_request`;
    /// 2. the body must decode; `grant_type`, `scope`, `client_id`, `client_secret` must not repeat
    ///    (RFC 6749 §3.2) -> `invalid_request`. A parameter sent without a value counts as absent
    ///    (RFC 6749 §3.2); unknown parameters are ignored;
    /// 3. Basic and `client_secret` together -> `invalid_request` (RFC 6749 §2.3: one method only);
    ///    a body `client_id` that differs from the Basic id -> `invalid_request`;
    /// 4. missing `grant_type` -> `invalid_request`; another grant -> `unsupported_grant_type`;
    /// 5. scope: see `ScopeParser` (`invalid_scope` for a malformed scope-token);
    /// 6. no usable credentials -> `invalid_client` (401), including a malformed Basic header.
    package static func parse(
        contentType: UnsafeRawBufferPointer?, authorization: UnsafeRawBufferPointer?, body: UnsafeRawBufferPointer
    ) -> Result<TokenRequest, OAuthError> {
        Result { () throws(OAuthError) in try parseThrowing(contentType: contentType, authorization: authorization, body: body) }
    }

    package static func parseThrowing(
        contentType: UnsafeRawBufferPointer?, authorization: UnsafeRawBufferPointer?, body: UnsafeRawBufferPointer
    ) throws(OAuthError) -> TokenRequest {
        guard let contentType, MediaType.isFormURLEncoded(contentType) else {
            throw OAuthError.invalidRequest("content type must be application/x-www-form-urlencoded")
        }
        var form = TokenForm()
        try form.read(body)

        var failure: OAuthError?
        let credentials = try form.credentials.presented(authorization: authorization, failure: &failure)

        guard let grant = form.grantType else { throw OAuthError.invalidRequest("missing grant_type") }
        guard grant == .clientCredentials else {
            throw OAuthError.unsupportedGrantType("only client_credentials is supported")
        }
        if let failure { throw failure }
        guard let credentials else { throw OAuthError.invalidClient("client authentication required") }
        return form.request(credentials)
    }
}
