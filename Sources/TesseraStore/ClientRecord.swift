/// A registered client as stored by any tier: plain data, with the secret only as its hash string
/// (`$hmac-sha256$...` or `$pbkdf2-sha256$...`). The OAuth module turns it into its own `Client`.
package struct ClientRecord: Sendable, Equatable {
    package var id: String
    package var secretHash: String
    package var scopes: [String]
    package var audiences: [String]
    package var introspect: Bool
    /// PostgreSQL's `version` column: bumped by every change there (0 for static clients).
    package var version: Int64

    package init(id: String, secretHash: String, scopes: [String], audiences: [String], introspect: Bool, version: Int64 = 0) {
        self.version = version
        self.id = id
        self.secretHash = secretHash
        self.scopes = scopes
        self.audiences = audiences
        self.introspect = introspect
    }
}
