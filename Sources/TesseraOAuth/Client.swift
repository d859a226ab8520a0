import TesseraStore

/// A registered client as the OAuth logic uses it: the parsed secret hash, and its scopes and
/// audiences as sorted sets (by bytes) with the canonical strings precomputed, so granting all
/// scopes and audiences (the common case) allocates nothing. A class: requests share one instance
/// instead of copying arrays.
package final class Client: Sendable {
    package let id: String
    package let secretHash: SecretHash
    /// Sorted by UTF-8 bytes, without repeats.
    package let scopes: [String]
    /// Sorted by UTF-8 bytes, without repeats.
    package let audiences: [String]
    package let introspect: Bool
    /// `scopes` joined by single spaces: the `scope` of a token granting everything.
    package let scopeString: String
    /// `audiences` joined by U+001F: the reuse key of a token for all of them.
    package let audienceKey: String
    /// Changes with any change to the client (`ClientVersion`); reused tokens carry it.
    package let version: UInt64
    /// This object's copy of its memoized secret verification (`VerifiedSecretCache`).
    package let secretMemo = SecretMemo()

    package init(
        id: String, secretHash: SecretHash, scopes: [String], audiences: [String], introspect: Bool,
        storedVersion: Int64 = 0
    ) {
        self.id = id
        self.secretHash = secretHash
        self.scopes = scopes.exactSet()
        self.audiences = audiences.exactSet()
        self.introspect = introspect
        self.scopeString = self.scopes.joined(separator: " ")
        self.audienceKey = self.audiences.joined(separator: "\u{1F}")
        self.version = ClientVersion.of(
            id: id, secretHash: secretHash.phcString, scopes: self.scopes, audiences: self.audiences,
            introspect: introspect, stored: storedVersion)
    }

    /// Builds a client from a stored record; fails when its secret hash cannot be parsed.
    package convenience init(record: ClientRecord) throws(SecretHashError) {
        self.init(
            id: record.id, secretHash: try SecretHash.parse(record.secretHash), scopes: record.scopes,
            audiences: record.audiences, introspect: record.introspect, storedVersion: record.version)
    }
}
