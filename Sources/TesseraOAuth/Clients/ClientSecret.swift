import TesseraStore

/// One of a client's secrets as the authenticator uses it: the parsed hash and the second from
/// which it is refused.
package struct ClientSecret: Sendable {
    package let hash: SecretHash
    /// Unix seconds from which the secret is refused; nil: never.
    package let expiresAt: Int64?

    package init(hash: SecretHash, expiresAt: Int64? = nil) {
        self.hash = hash
        self.expiresAt = expiresAt
    }

    /// Still accepted at `now` (the request's unix seconds): refused from its expiry's very
    /// second (an expiry is whole seconds, so the request's second decides exactly).
    func isLive(at now: Int64) -> Bool { expiresAt.map { now < $0 } ?? true }
}
