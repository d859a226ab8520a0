import TesseraCore
import TesseraJOSE

/// The parameters of a token request body that Tessera reads, collected in one pass over the form.
struct TokenForm {
    /// `grant_type` as sent: Tessera only needs to know whether it is client_credentials, so the
    /// value is compared in place instead of becoming a String (18 bytes: a heap allocation).
    enum Grant { case clientCredentials, other }
    var grantType: Grant?
    var scope: RequestedScopes?
    var credentials = CredentialParameters()
    /// `audience` and `resource` values, sorted and without repeats.
    var audiences: [String] = []

    private enum Name {
        static let grantType: StaticString = "grant_type"
        static let scope: StaticString = "scope"
        static let audience: StaticString = "audience"
        static let resource: StaticString = "resource"
        static let clientCredentials: StaticString = "client_credentials"
    }

    init() {}

    init(body: UnsafeRawBufferPointer) throws(OAuthError) {
        try read(body)
    }

    /// The request these parameters make with `credentials`. Consuming: the scopes and
    /// audiences move into the request instead of being copied and the form destroyed.
    consuming func request(_ credentials: consuming ClientCredentials) -> TokenRequest {
        TokenRequest(grantType: .clientCredentials, requestedScopes: scope, audiences: audiences, credentials: credentials)
    }

    /// Reads the parameters of `body` into this (empty) form. A mutating method rather than the
    /// initializer: the closure of an initializer captured a copy of the whole form and the
    /// form was copied out and destroyed again (callgrind: ~270 instructions a request).
    mutating func read(_ body: UnsafeRawBufferPointer) throws(OAuthError) {
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
                scope = try ScopeParser.parse(value)
            } else if try credentials.take(name, value) {
            } else if name.equals(Name.audience) || name.equals(Name.resource) {
                // Audiences are exact bytes: invalid UTF-8 would turn into U+FFFD, a look-alike.
                guard UTF8Validation.isValid(value) else { throw OAuthError.invalidTarget("audience is not valid UTF-8") }
                audiences.append(String(requestBytes: value))
            }
        }
        if audiences.count > 1 {
            audiences = audiences.exactSet()
        }
    }
}
