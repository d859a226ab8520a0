/// One of a client's secrets as stored: its hash (a PHC string) and, when it stops working, the
/// unix second from which it is refused (nil: never). A client holds one to `limit` of them,
/// newest first; the newest is the one `client rotate-secret` printed last.
package struct StoredSecret: Sendable, Equatable {
    package var hash: String
    package var expiresAt: Int64?

    /// Secrets a client holds at most: a sixth one drops the oldest.
    package static let limit = 5

    package init(hash: String, expiresAt: Int64? = nil) {
        self.hash = hash
        self.expiresAt = expiresAt
    }

    /// `[new] + previous`, the previous ones stopping at `until` (nil: at once, so they are
    /// dropped), none later than it already did; already expired ones are dropped, and what is
    /// past `limit` goes, oldest first.
    package static func rotated(_ previous: [StoredSecret], new: StoredSecret, until: Int64?, now: Int64) -> [StoredSecret] {
        guard let until, until > now else { return [new] }
        let kept = previous.filter { !$0.hash.isEmpty && ($0.expiresAt ?? .max) > now }.map { secret in
            StoredSecret(hash: secret.hash, expiresAt: min(secret.expiresAt ?? .max, until))
        }
        return Array(([new] + kept).prefix(limit))
    }
}
