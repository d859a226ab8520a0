import TesseraStore

/// A registered client as the OAuth logic uses it: the parsed secret hash, and its scopes and
/// audiences as sorted sets with the canonical scope string precomputed, so granting all scopes (the
/// common case) allocates nothing. A class: requests share one instance instead of copying arrays.
package final class Client: Sendable {
    package let id: String
    package let secretHash: SecretHash
    /// Sorted, without repeats.
    package let scopes: [String]
    /// Sorted, without repeats.
    package let audiences: [String]
    package let introspect: Bool
    /// `scopes` joined by single spaces: the `scope` of a token granting everything.
    package let scopeString: String
    /// This object's copy of its memoized secret verification (`VerifiedSecretCache`).
    package let secretMemo = SecretMemo()
    /// `tls_client_auth` / `self_signed_tls_client_auth` (RFC 8705 §2), when configured.
    package let mutualTLS: MutualTLSPolicy?

    package init(
        id: String, secretHash: SecretHash, scopes: [String], audiences: [String], introspect: Bool,
        mutualTLS: MutualTLSPolicy? = nil
    ) {
        self.mutualTLS = mutualTLS
        self.id = id
        self.secretHash = secretHash
        self.scopes = Array(Set(scopes)).sorted()
        self.audiences = Array(Set(audiences)).sorted()
        self.introspect = introspect
        self.scopeString = self.scopes.joined(separator: " ")
    }

    /// Builds a client from a stored record; fails when its secret hash cannot be parsed.
    package convenience init(record: ClientRecord) throws(SecretHashError) {
        let mutualTLS = MutualTLSPolicy.from(record.certificateMethods)
        self.init(
            id: record.id,
            secretHash: record.secretHash.isEmpty && mutualTLS != nil ? .certificateOnly : try SecretHash.parse(record.secretHash),
            scopes: record.scopes, audiences: record.audiences, introspect: record.introspect, mutualTLS: mutualTLS)
    }
}
