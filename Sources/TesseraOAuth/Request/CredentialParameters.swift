/// The client-authentication parameters of a form body: `client_id` and `client_secret` (RFC 6749
/// §2.3.1), `client_assertion_type` and `client_assertion` (RFC 7521 §4.2). Every endpoint that
/// authenticates a client reads them here, so a repeat means `invalid_request` at each of them.
struct CredentialParameters {
    var clientID: String?
    var clientSecret: [UInt8]?
    var assertionType: [UInt8]?
    var assertion: [UInt8]?

    private enum Name {
        static let clientID: StaticString = "client_id"
        static let clientSecret: StaticString = "client_secret"
        static let assertionType: StaticString = "client_assertion_type"
        static let assertion: StaticString = "client_assertion"
    }

    /// Takes `name=value` when the name is one of the four (true); false leaves any other name to
    /// the caller. The value is not empty: RFC 6749 §3.2 treats an empty one as omitted.
    mutating func take(_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws(OAuthError) -> Bool {
        if name.equals(Name.clientID) {
            guard clientID == nil else { throw OAuthError.invalidRequest("client_id is repeated") }
            clientID = ClientIdentifier.decode(value)
        } else if name.equals(Name.clientSecret) {
            guard clientSecret == nil else { throw OAuthError.invalidRequest("client_secret is repeated") }
            clientSecret = Array(value)
        } else if name.equals(Name.assertionType) {
            guard assertionType == nil else { throw OAuthError.invalidRequest("client_assertion_type is repeated") }
            assertionType = Array(value)
        } else if name.equals(Name.assertion) {
            guard assertion == nil else { throw OAuthError.invalidRequest("client_assertion is repeated") }
            assertion = Array(value)
        } else {
            return false
        }
        return true
    }

    /// `presented(authorization:)` with the `invalid_client` to report later apart.
    func presented(authorization: UnsafeRawBufferPointer?, failure: inout OAuthError?) throws(OAuthError) -> ClientCredentials? {
        try ClientCredentials.presented(
            authorization: authorization, clientID: clientID, clientSecret: clientSecret,
            assertionType: assertionType, assertion: assertion, failure: &failure)
    }

    /// The credentials these parameters and the Authorization header present together.
    func presented(authorization: UnsafeRawBufferPointer?) throws(OAuthError) -> ClientCredentials.Presented {
        try ClientCredentials.presented(
            authorization: authorization, clientID: clientID, clientSecret: clientSecret,
            assertionType: assertionType, assertion: assertion)
    }
}
