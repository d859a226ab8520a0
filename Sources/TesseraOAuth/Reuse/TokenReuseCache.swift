import TesseraCore
import TesseraJOSE

/// What makes two token requests interchangeable: the client and exactly what it was granted, as
/// exact byte strings (the scopes joined by spaces, the audiences joined by U+001F, both sorted by
/// bytes) -- never positions in the client's current lists, which a reload may reorder or shrink.
package struct TokenGrantKey: Hashable, Sendable {
    package let clientID: ExactString
    package let scope: ExactString
    package let audience: ExactString
    /// What a bound token is bound to, nil for an unbound one: the thumbprint of its client
    /// certificate (RFC 8705 §3), the SHA-256 its `cnf.jkt` spells (RFC 9449 §6), or, bound to
    /// both, the SHA-256 of the two. A bound token goes only to the same binding, an unbound one
    /// to none. One digest for every kind keeps the key as small as a certificate alone made it:
    /// a second inline digest took it past the size copied inline, and each warm Bearer request
    /// paid five `memcpy` calls more (callgrind: +350 instructions).
    package let binding: Digest32?
    /// Which binding `binding` is.
    package let bindingKind: BindingKind
    /// The three (and the binding) folded once (`ExactString.fold`): hashed twice per lookup (shard, then table),
    /// and a cheap first test of equality.
    private let folded: UInt64

    /// A grant bound to a certificate or to nothing: every warm Bearer request's.
    package init(clientID: String, scope: String, audience: String, certificate: Digest32? = nil) {
        self.init(clientID: clientID, scope: scope, audience: audience, binding: certificate,
                  kind: certificate == nil ? .none : .certificate)
    }

    /// A grant bound to `proofKey` (nil: as the initialiser above), and to `certificate` too when given.
    package init(clientID: String, scope: String, audience: String, certificate: Digest32? = nil, proofKey: Digest32?) {
        let (binding, kind) = BindingKind.of(certificate: certificate, proofKey: proofKey)
        self.init(clientID: clientID, scope: scope, audience: audience, binding: binding, kind: kind)
    }

    private init(clientID: String, scope: String, audience: String, binding: Digest32?, kind: BindingKind) {
        self.clientID = ExactString(clientID)
        self.scope = ExactString(scope)
        self.audience = ExactString(audience)
        self.binding = binding
        bindingKind = kind
        folded = ExactString.fold(audience, into: ExactString.fold(scope, into: ExactString.fold(clientID, into: 0)))
            ^ (binding?.w0 ?? 0)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(folded)
    }

    package static func == (lhs: TokenGrantKey, rhs: TokenGrantKey) -> Bool {
        lhs.folded == rhs.folded && lhs.clientID == rhs.clientID && lhs.scope == rhs.scope && lhs.audience == rhs.audience
            && lhs.binding == rhs.binding && lhs.bindingKind == rhs.bindingKind
    }
}

/// The truth a reusable token was issued under: a reused token is handed out only while all of it
/// still holds (contract rule 1), checked with three integer compares.
package struct ReuseStamp: Sendable, Equatable {
    /// `Client.version` when it was issued (secret, scopes, audiences, removal and re-adding).
    package var clientVersion: UInt64
    /// `TokenMinting.signerIdentity` of the key that signed it.
    package var signer: UInt64
    /// `RevocationList.generation` (per-client cuts) when it was issued.
    package var cuts: UInt64

    package init(clientVersion: UInt64, signer: UInt64, cuts: UInt64) {
        self.clientVersion = clientVersion
        self.signer = signer
        self.cuts = cuts
    }
}

/// A signed token kept for reuse.
package struct IssuedToken: Sendable, Equatable {
    package var token: [UInt8]
    package var jwtID: String
    package var expiresAt: Int64
    package var scope: String
    package var issuedAt: Int64 = 0
}

/// Hands back a still-valid token for the same grant (`tokens.reuse`) while it has at least
/// `minRemainingSeconds` to live and its stamp matches the current truth. Time is unix seconds.
package final class TokenReuseCache: Sendable {
    private struct Entry: Sendable {
        var token: IssuedToken
        var stamp: ReuseStamp
    }

    private let entries: LRUCache<TokenGrantKey, Entry>
    package let minRemainingSeconds: Int64

    package init(capacity: Int, minRemainingSeconds: Int64) {
        entries = LRUCache(capacity: max(1, capacity))
        self.minRemainingSeconds = max(0, minRemainingSeconds)
    }

    /// The token for this grant when its stamp is `stamp`; an entry with another stamp is stale
    /// and dropped.
    package func token(for key: TokenGrantKey, stamp: ReuseStamp, now: Int64) -> IssuedToken? {
        guard let entry = entries.get(key, now: UInt64(max(0, now))) else { return nil }
        guard entry.stamp == stamp else {
            entries.remove(key)
            return nil
        }
        return entry.token
    }

    package func store(_ token: IssuedToken, for key: TokenGrantKey, stamp: ReuseStamp) {
        // Usable while exp - now >= minRemaining, i.e. up to and including now == exp - minRemaining.
        let lastUsable = token.expiresAt - minRemainingSeconds
        guard lastUsable >= 0 else { return }
        entries.set(key, Entry(token: token, stamp: stamp), expiresAt: UInt64(lastUsable) + 1)
    }

    /// Stops handing out the token with this `jti`.
    @discardableResult
    package func forget(jwtID: String) -> Bool {
        entries.removeAll { _, entry in entry.token.jwtID.bytesEqual(jwtID) } > 0
    }

    /// Stops handing out any token of this client (secret rotated, client removed).
    @discardableResult
    package func removeAll(clientID: String) -> Int {
        let id = ExactString(clientID)
        return entries.removeAll { key, _ in key.clientID == id }
    }

    package var statistics: LRUStatistics { entries.statistics }
    package var count: Int { entries.count }
}
