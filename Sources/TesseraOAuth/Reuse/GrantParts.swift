/// A client's reuse-key parts (`GrantDigest.part`), computed when the client record is built.
package struct GrantParts: Sendable {
    package let clientID: UInt64
    /// Each of the client's scopes alone, in `Client.scopes` order.
    package let scopes: [UInt64]
    /// `Client.scopeString`: a grant of every scope.
    package let allScopes: UInt64
    /// `Client.audienceKey`: a grant for every audience.
    package let allAudiences: UInt64

    package init(id: String, scopes: [String], scopeString: String, audienceKey: String) {
        clientID = GrantDigest.part(id)
        self.scopes = scopes.map(GrantDigest.part)
        allScopes = GrantDigest.part(scopeString)
        allAudiences = GrantDigest.part(audienceKey)
    }
}
