extension ClientCredentials {
    /// The credentials a request presents, before they are known to be needed. A Basic header that
    /// cannot be read is kept as `failure` and reported only once the rest of the request is known
    /// to be well-formed (`required()`), so a malformed request reads `invalid_request` either way.
    struct Presented {
        var credentials: ClientCredentials?
        var failure: OAuthError?

        /// The credentials, or `invalid_client` (401) when there are none or they cannot be read.
        func required() throws(OAuthError) -> ClientCredentials {
            if let failure { throw failure }
            guard let credentials else { throw OAuthError.invalidClient("client authentication required") }
            return credentials
        }
    }

    /// Reads `client_secret_basic` (the Authorization header) or `client_secret_post` (`client_id`
    /// and `client_secret` of the body), the same way at every endpoint:
    /// - Basic and a body `client_secret` together -> `invalid_request` (RFC 6749 §2.3: one method);
    /// - a body `client_id` that differs from the Basic id -> `invalid_request`;
    /// - `client_secret` without `client_id` -> `invalid_request`.
    static func presented(
        authorization: UnsafeRawBufferPointer?, clientID: String?, clientSecret: [UInt8]?
    ) throws(OAuthError) -> Presented {
        if let authorization {
            if clientSecret != nil {
                throw OAuthError.invalidRequest("use either HTTP Basic or client_secret in the body, not both")
            }
            do throws(OAuthError) {
                let basic = try BasicCredentials.parse(authorization)
                if let clientID, clientID != basic.id {
                    throw OAuthError.invalidRequest("client_id does not match the Authorization header")
                }
                return Presented(credentials: basic)
            } catch {
                guard case .invalidClient = error else { throw error }
                return Presented(failure: error)
            }
        }
        if let clientID, let clientSecret {
            return Presented(credentials: ClientCredentials(id: clientID, secret: clientSecret, method: .clientSecretPost))
        }
        if clientSecret != nil { throw OAuthError.invalidRequest("client_secret without client_id") }
        // RFC 8705 §2: a client authenticating with its certificate names itself and sends no secret.
        if let clientID { return Presented(credentials: ClientCredentials(id: clientID, secret: [], method: .mutualTLS)) }
        return Presented()
    }
}
