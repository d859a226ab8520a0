import TesseraJOSE
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
    /// This object's current block of status list indexes (`StatusIndexAllocating`).
    package let statusSlot = StatusSlot()
    /// `private_key_jwt`: the public keys the client signs assertions with, parsed once.
    package let keys: ClientKeySet?
    /// `tls_client_auth` / `self_signed_tls_client_auth` (RFC 8705 §2), when configured.
    package let mutualTLS: MutualTLSPolicy?

    package init(
        id: String, secretHash: SecretHash, scopes: [String], audiences: [String], introspect: Bool, keys: ClientKeySet? = nil,
        mutualTLS: MutualTLSPolicy? = nil, storedVersion: Int64 = 0
    ) {
        self.keys = keys
        self.mutualTLS = mutualTLS
        self.id = id
        self.secretHash = secretHash
        self.scopes = scopes.exactSet()
        self.audiences = audiences.exactSet()
        self.introspect = introspect
        self.scopeString = self.scopes.joined(separator: " ")
        self.audienceKey = TokenGrantKey.audienceKey(self.audiences)
        self.version = ClientVersion.of(
            id: id, secretHash: secretHash.phcString, scopes: self.scopes, audiences: self.audiences,
            introspect: introspect, credentials: Self.credentialIdentity(keys: keys, mutualTLS: mutualTLS),
            stored: storedVersion)
    }

    /// Builds a client from a stored record; fails when its secret hash cannot be parsed. A
    /// private_key_jwt client without a secret gets `SecretHash.unusable`; stored keys that do not
    /// parse (the CLI checks them before storing) leave the client without keys.
    package convenience init(record: ClientRecord) throws(SecretHashError) {
        let keys = record.jwks.flatMap { try? ClientKeySet.parse(json: Array($0.utf8)) }
        let mutualTLS = MutualTLSPolicy.from(record.certificateMethods)
        let hash: SecretHash
        if record.secretHash.isEmpty && (record.jwks != nil || mutualTLS != nil) {
            hash = .unusable
        } else {
            hash = try SecretHash.parse(record.secretHash)
        }
        self.init(
            id: record.id, secretHash: hash, scopes: record.scopes, audiences: record.audiences, introspect: record.introspect,
            keys: keys, mutualTLS: mutualTLS, storedVersion: record.version)
    }

    /// What besides the secret authenticates the client, for its version: the private_key_jwt
    /// keys (thumbprints and registered kids) and the certificate methods.
    private static func credentialIdentity(keys: ClientKeySet?, mutualTLS: MutualTLSPolicy?) -> [String] {
        var parts = keys.map { $0.keys.map(\.keyID.value) + $0.registeredKIDs.map { $0 ?? "" } } ?? []
        if let mutualTLS { parts.append(String(describing: mutualTLS)) }
        return parts
    }
}
