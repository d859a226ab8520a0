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
    /// `GrantDigest` of the three and the binding: what the key is hashed by (shard, then
    /// bucket, without a SipHash pass over the strings), and a cheap first test of equality.
    package let digest: UInt64

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
        let unbound = GrantDigest.combine(
            client: GrantDigest.part(clientID), scope: GrantDigest.part(scope), audience: GrantDigest.part(audience))
        self.init(clientID: clientID, scope: scope, audience: audience, binding: binding, kind: kind, unbound: unbound)
    }

    /// A grant whose unbound digest is at hand (`GrantDigest.combine` of the client's precomputed
    /// `GrantParts`): nothing is folded. `unbound` must be the digest of these three strings,
    /// or the key is merely never found again (tests give colliding ones on purpose).
    package init(clientID: String, scope: String, audience: String, binding: Digest32?, kind: BindingKind, unbound: UInt64) {
        self.clientID = ExactString(clientID)
        self.scope = ExactString(scope)
        self.audience = ExactString(audience)
        self.binding = binding
        bindingKind = kind
        digest = binding.map { GrantDigest.bound(unbound, binding: $0, kind: kind) } ?? unbound
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(digest)
    }

    /// What `Dictionary` and `hashValue` read: the digest is keyed and mixed already.
    package func _rawHashValue(seed: Int) -> Int {
        GrantDigest.spread(digest, seed: seed)
    }

    package static func == (lhs: TokenGrantKey, rhs: TokenGrantKey) -> Bool {
        lhs.digest == rhs.digest && lhs.clientID == rhs.clientID && lhs.scope == rhs.scope && lhs.audience == rhs.audience
            && lhs.binding == rhs.binding && lhs.bindingKind == rhs.bindingKind
    }
}
