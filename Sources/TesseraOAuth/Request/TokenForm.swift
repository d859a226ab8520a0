import TesseraCore
import TesseraJOSE

/// The parameters of a token request body that Tessera reads, collected in one pass over the form.
struct TokenForm {
    /// `grant_type` as sent: Tessera only needs to know whether it is client_credentials, so the
    /// value is compared in place instead of becoming a String (18 bytes: a heap allocation).
    enum Grant { case clientCredentials, other }
    var grantType: Grant?
    var scope: [String]?
    var clientID: String?
    var clientSecret: [UInt8]?
    /// `client_assertion_type` and `client_assertion` (RFC 7521 §4.2), for private_key_jwt.
    var clientAssertionType: [UInt8]?
    var clientAssertion: [UInt8]?
    /// `audience` and `resource` values, sorted and without repeats.
    var audiences: [String] = []

    private enum Name {
        static let grantType: StaticString = "grant_type"
        static let scope: StaticString = "scope"
        static let clientID: StaticString = "client_id"
        static let clientSecret: StaticString = "client_secret"
        static let audience: StaticString = "audience"
        static let resource: StaticString = "resource"
        static let clientCredentials: StaticString = "client_credentials"
        static let clientAssertionType: StaticString = "client_assertion_type"
        static let clientAssertion: StaticString = "client_assertion"
    }

    init(body: UnsafeRawBufferPointer) throws(OAuthError) {
        var seenScope = false
        try FormDecoder.forEachParameter(in: body) { (name, value) throws(OAuthError) in
            // RFC 6749 §3.2: a parameter sent without a value is treated as omitted.
            guard !value.isEmpty else { return }
            if name.equals(Name.grantType) {
                guard grantType == nil else { throw OAuthError.invalidRequest("grant_type is repeated") }
                grantType = value.equals(Name.clientCredentials) ? .clientCredentials : .other
            } else if name.equals(Name.scope) {
                guard !seenScope else { throw OAuthError.invalidRequest("scope is repeated") }
                seenScope = true
                let tokens = try ScopeParser.parse(value)
                scope = tokens.isEmpty ? nil : tokens
            } else if name.equals(Name.clientID) {
                guard clientID == nil else { throw OAuthError.invalidRequest("client_id is repeated") }
                clientID = ClientIdentifier.decode(value)
            } else if name.equals(Name.clientSecret) {
                guard clientSecret == nil else { throw OAuthError.invalidRequest("client_secret is repeated") }
                clientSecret = Array(value)
            } else if name.equals(Name.clientAssertionType) {
                guard clientAssertionType == nil else { throw OAuthError.invalidRequest("client_assertion_type is repeated") }
                clientAssertionType = Array(value)
            } else if name.equals(Name.clientAssertion) {
                guard clientAssertion == nil else { throw OAuthError.invalidRequest("client_assertion is repeated") }
                clientAssertion = Array(value)
            } else if name.equals(Name.audience) || name.equals(Name.resource) {
                // Audiences are exact bytes: invalid UTF-8 would turn into U+FFFD, a look-alike.
                guard UTF8Validation.isValid(value) else { throw OAuthError.invalidTarget("audience is not valid UTF-8") }
                audiences.append(String(decoding: value, as: UTF8.self))
            }
        }
        if audiences.count > 1 {
            audiences = audiences.exactSet()
        }
    }

}
