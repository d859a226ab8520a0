import TesseraCore
import TesseraJOSE
import TesseraStore

/// A registered client as the OAuth logic uses it: the parsed secret hash, and its scopes and
/// audiences as sorted sets (by bytes) with the canonical strings precomputed, so granting all
/// scopes and audiences (the common case) allocates nothing. A class: requests share one instance
/// instead of copying arrays.
package final class Client: Sendable {
    package let id: String
    /// The newest secret's hash.
    package let secretHash: SecretHash
    /// Every secret, newest first (`secretHash` with its expiry, then the previous ones).
    package let secrets: [ClientSecret]
    /// More than one secret, or one that expires: authentication checks each live secret
    /// (`ClientAuthenticator+Secrets`); otherwise the one `secretHash` as it always did.
    package let rotatesSecrets: Bool
    /// Its tokens' lifetime in seconds; nil: `tokens.ttl`.
    package let tokenTTLSeconds: Int64?
    /// Its token request rate; nil: `limits.per_client_*`.
    package let rate: ClientRate?
    /// Refused at every endpoint with "client is disabled".
    package let disabled: Bool
    /// DPoP (RFC 9449 §5.2): its tokens must be DPoP-bound.
    package let dpopBoundAccessTokens: Bool
    /// Sorted by UTF-8 bytes, without repeats.
    package let scopes: [String]
    /// Sorted by UTF-8 bytes, without repeats.
    package let audiences: [String]
    package let introspect: Bool
    /// `scopes` joined by single spaces: the `scope` of a token granting everything.
    package let scopeString: String
    /// `audiences` joined by U+001F: the reuse key of a token for all of them.
    package let audienceKey: String
    /// Its id, scopes, `scopeString` and `audienceKey` folded for reuse keys (`GrantDigest`).
    package let grantParts: GrantParts
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
        mutualTLS: MutualTLSPolicy? = nil, storedVersion: Int64 = 0, secrets: [ClientSecret] = [],
        policy: ClientPolicy = ClientPolicy(), dpopBoundAccessTokens: Bool = false
    ) {
        let secrets = secrets.isEmpty ? [ClientSecret(hash: secretHash)] : secrets
        self.secrets = secrets
        self.rotatesSecrets = secrets.count > 1 || secrets[0].expiresAt != nil
        self.tokenTTLSeconds = policy.tokenTTLSeconds
        self.rate = policy.rate
        self.disabled = policy.disabled
        self.dpopBoundAccessTokens = dpopBoundAccessTokens
        self.keys = keys
        self.mutualTLS = mutualTLS
        self.id = id
        self.secretHash = secretHash
        self.scopes = scopes.exactSet()
        self.audiences = audiences.exactSet()
        self.introspect = introspect
        self.scopeString = self.scopes.joined(separator: " ")
        self.audienceKey = TokenGrantKey.audienceKey(self.audiences)
        self.grantParts = GrantParts(id: id, scopes: self.scopes, scopeString: self.scopeString, audienceKey: self.audienceKey)
        self.version = ClientVersion.of(
            id: id, secretHash: secretHash.phcString, scopes: self.scopes, audiences: self.audiences,
            introspect: introspect,
            credentials: Self.credentialIdentity(keys: keys, mutualTLS: mutualTLS) + Self.policyIdentity(secrets, policy),
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
        var secrets = [ClientSecret(hash: hash, expiresAt: record.secrets.first?.expiresAt)]
        for previous in record.secrets.dropFirst() {
            secrets.append(ClientSecret(hash: try SecretHash.parse(previous.hash), expiresAt: previous.expiresAt))
        }
        self.init(
            id: record.id, secretHash: hash, scopes: record.scopes, audiences: record.audiences, introspect: record.introspect,
            keys: keys, mutualTLS: mutualTLS, storedVersion: record.version, secrets: secrets, policy: record.policy,
            dpopBoundAccessTokens: record.dpopBoundAccessTokens)
    }

    /// What else decides a token handed out again: the previous secrets with their expiries and
    /// the token lifetime (a changed ttl means a fresh token). The rate and `disabled` decide
    /// nothing a token carries.
    private static func policyIdentity(_ secrets: [ClientSecret], _ policy: ClientPolicy) -> [String] {
        guard secrets.count > 1 || secrets[0].expiresAt != nil || policy.tokenTTLSeconds != nil else { return [] }
        var parts = secrets.dropFirst().map { "secret:" + $0.hash.phcString }
        parts += secrets.map { "expires:" + ($0.expiresAt.map(String.init) ?? "-") }
        parts.append("ttl:" + (policy.tokenTTLSeconds.map(String.init) ?? "-"))
        return parts
    }

    /// What besides the secret authenticates the client, for its version: the private_key_jwt
    /// keys (thumbprints and registered kids) and the certificate methods.
    private static func credentialIdentity(keys: ClientKeySet?, mutualTLS: MutualTLSPolicy?) -> [String] {
        var parts = keys.map { $0.keys.map(\.keyID.value) + $0.registeredKIDs.map { $0 ?? "" } } ?? []
        if let mutualTLS { parts.append(String(describing: mutualTLS)) }
        return parts
    }
}
