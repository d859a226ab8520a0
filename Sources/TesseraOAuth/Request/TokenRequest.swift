/// A parsed token request (RFC 6749 §4.4.2), before anything is looked up: the grant, what the client
/// asks for and the credentials it presented. Produced by `TokenRequest.parse`.
package struct TokenRequest: Sendable, Equatable {
    package enum GrantType: String, Sendable {
        case clientCredentials = "client_credentials"
    }

    package var grantType: GrantType
    /// Requested scopes as a set: sorted, without repeats. Nil when the request names none.
    package var requestedScopes: RequestedScopes?
    /// `requestedScopes` as an array (set as a set: sorted, without repeats).
    package var scopes: [String]? {
        get { requestedScopes?.all }
        set { requestedScopes = newValue.flatMap { RequestedScopes(set: $0.exactSet()) } }
    }
    /// Requested audiences (`audience` and its RFC 8707 synonym `resource`), sorted, without repeats;
    /// empty when the request names none.
    package var audiences: [String]
    package var credentials: ClientCredentials

    package init(grantType: GrantType = .clientCredentials, scopes: [String]? = nil, audiences: [String] = [], credentials: ClientCredentials) {
        self.grantType = grantType
        self.audiences = audiences
        self.credentials = credentials
        self.scopes = scopes
    }

    init(grantType: GrantType, requestedScopes: RequestedScopes?, audiences: [String], credentials: ClientCredentials) {
        self.grantType = grantType
        self.requestedScopes = requestedScopes
        self.audiences = audiences
        self.credentials = credentials
    }
}
