/// `dpop:` — how DPoP proofs (RFC 9449) are checked. The section may be omitted: proofs are
/// verified all the same, with these defaults.
package struct DPoPConfig: Sendable, Equatable {
    /// Require a nonce the server issued in every proof (RFC 9449 §8).
    package var nonce: Bool
    /// How old a proof's `iat` may be; also how long its `jti` is remembered.
    package var maxAge: Duration

    package init(nonce: Bool = false, maxAge: Duration = .seconds(60)) {
        self.nonce = nonce
        self.maxAge = maxAge
    }
}
