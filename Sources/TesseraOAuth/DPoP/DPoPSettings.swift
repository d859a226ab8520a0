/// What the token endpoint needs to check DPoP proofs, as plain values: the App maps `dpop:` and
/// the signing key into it.
package struct DPoPSettings: Sendable {
    /// Require a server nonce (`dpop.nonce`).
    package var nonce: Bool
    /// How old a proof's `iat` may be, and how long its `jti` is remembered (`dpop.max_age`).
    package var maxAgeSeconds: Int64
    /// What nonces are made with; nil: a random secret of this process (nonces then hold on
    /// this node only, which is all a test or a single node needs).
    package var nonceSecret: [UInt8]?

    package init(nonce: Bool = false, maxAgeSeconds: Int64 = 60, nonceSecret: [UInt8]? = nil) {
        self.nonce = nonce
        self.maxAgeSeconds = maxAgeSeconds
        self.nonceSecret = nonceSecret
    }
}
