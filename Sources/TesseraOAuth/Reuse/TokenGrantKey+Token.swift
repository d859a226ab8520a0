import TesseraJOSE

extension TokenGrantKey {
    /// Audiences as a grant key holds them: joined by U+001F, in grant order (sorted by bytes).
    /// The one joining, for the issuing side and for a grant read back from a token alike.
    package static func audienceKey(_ audiences: [String]) -> String {
        audiences.joined(separator: "\u{1F}")
    }

    /// The grant a token was issued for, read back from its claims (to revoke its shared reusable
    /// copy): client, `scope` claim (the granted scopes, sorted and space-joined, as issued), the
    /// audiences in token order (the grant's), and the certificate it is bound to (`cnf`
    /// `x5t#S256`). Leaving the binding out names the unbound grant's entry and leaves the bound
    /// token in Redis for every other node to hand out after its revocation.
    package init(grantOf record: IntrospectionRecord) {
        var certificate: Digest32? = nil
        if let thumbprint = record.certificateThumbprint, let bytes = Base64URL.decode(thumbprint), bytes.count == 32 {
            certificate = Digest32(bytes)
        }
        self.init(
            clientID: record.clientID, scope: record.scope, audience: Self.audienceKey(record.audiences), certificate: certificate)
    }
}
