/// One of `clients[].secrets`: a secret hash and, optionally, when it stops working.
package struct ClientSecretConfig: Sendable, Equatable {
    package var hash: String
    /// Unix seconds from which the secret is refused (`expires_at`, RFC 3339); nil: never.
    package var expiresAt: Int64?

    package init(hash: String, expiresAt: Int64? = nil) {
        self.hash = hash
        self.expiresAt = expiresAt
    }
}
