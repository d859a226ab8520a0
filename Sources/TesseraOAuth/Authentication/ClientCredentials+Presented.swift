import TesseraCore

extension ClientCredentials {
    /// The credentials a request presents, before they are known to be needed. A Basic header that
    /// cannot be read is kept as `failure` and reported only once the rest of the request is known
    /// to be well-formed (`required()`), so a malformed request reads `invalid_request` either way.
    struct Presented {
        var credentials: ClientCredentials?
        var failure: OAuthError?

        /// The credentials, or `invalid_client` (401) when there are none or they cannot be read.
        consuming func required() throws(OAuthError) -> ClientCredentials {
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
        authorization: UnsafeRawBufferPointer?, clientID: String?, clientSecret: [UInt8]?,
        assertionType: [UInt8]? = nil, assertion: [UInt8]? = nil
    ) throws(OAuthError) -> Presented {
        var failure: OAuthError?
        let credentials = try presented(
            authorization: authorization, clientID: clientID, clientSecret: clientSecret,
            assertionType: assertionType, assertion: assertion, failure: &failure)
        return Presented(credentials: credentials, failure: failure)
    }

    /// `presented` with its two answers apart: the credentials, or the `invalid_client` to report
    /// once the rest of the request is known to be well-formed in `failure`. The token endpoint
    /// takes them so: a `Presented` copied the credentials out and was destroyed (callgrind:
    /// ~200 instructions a request).
    static func presented(
        authorization: UnsafeRawBufferPointer?, clientID: String?, clientSecret: [UInt8]?,
        assertionType: [UInt8]?, assertion: [UInt8]?, failure: inout OAuthError?
    ) throws(OAuthError) -> ClientCredentials? {
        if assertionType != nil || assertion != nil {
            let presented = try presentedAssertion(
                authorization: authorization, clientID: clientID, clientSecret: clientSecret, type: assertionType, assertion: assertion)
            failure = presented.failure
            return presented.credentials
        }
        if let authorization {
            if clientSecret != nil {
                throw OAuthError.invalidRequest("use either HTTP Basic or client_secret in the body, not both")
            }
            do throws(OAuthError) {
                let basic = try BasicCredentials.parse(authorization)
                if let clientID, !clientID.bytesEqual(basic.id) {
                    throw OAuthError.invalidRequest("client_id does not match the Authorization header")
                }
                return basic
            } catch {
                guard case .invalidClient = error else { throw error }
                failure = error
                return nil
            }
        }
        if let clientID, let clientSecret {
            return ClientCredentials(id: clientID, secret: clientSecret, method: .clientSecretPost)
        }
        if clientSecret != nil { throw OAuthError.invalidRequest("client_secret without client_id") }
        // RFC 8705 §2: a client authenticating with its certificate names itself and sends no secret.
        if let clientID { return ClientCredentials(id: clientID, secret: [], method: .mutualTLS) }
        return nil
    }
}

extension ClientCredentials {
    /// `private_key_jwt` (RFC 7523 §2.2, RFC 7521 §4.2): `client_assertion_type` must be the JWT
    /// bearer type and come with `client_assertion`; no other method at once (`invalid_request`).
    /// The client is the one the assertion's `sub` names (a body `client_id` must agree); an
    /// assertion whose `sub` cannot be read is still handed on under `client_id` when one was sent,
    /// so the failure counts against that client.
    static func presentedAssertion(
        authorization: UnsafeRawBufferPointer?, clientID: String?, clientSecret: [UInt8]?, type: [UInt8]?, assertion: [UInt8]?
    ) throws(OAuthError) -> Presented {
        if authorization != nil || clientSecret != nil {
            throw OAuthError.invalidRequest("use one client authentication method: client_assertion, HTTP Basic or client_secret")
        }
        guard let type, let assertion else {
            throw OAuthError.invalidRequest("client_assertion and client_assertion_type go together")
        }
        guard type.elementsEqual(ClientAssertion.type.utf8) else {
            return Presented(failure: .invalidClient("client_assertion_type must be \(ClientAssertion.type)"))
        }
        let subject = ClientAssertion.subject(of: assertion)
        if let clientID, let subject, !clientID.utf8.elementsEqual(subject.utf8) {
            return Presented(failure: .invalidClient("client_id does not match the client_assertion sub"))
        }
        guard let id = subject ?? clientID else {
            return Presented(failure: .invalidClient("client_assertion names no client"))
        }
        return Presented(credentials: ClientCredentials(id: id, secret: assertion, method: .privateKeyJWT))
    }
}
