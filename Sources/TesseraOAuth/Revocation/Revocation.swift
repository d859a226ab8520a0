/// One revoked token, as the revocation endpoint records it and as it travels between nodes.
package struct Revocation: Sendable, Equatable {
    /// The token's `jti`.
    package var jwtID: String
    /// The token's `exp` (unix seconds): the revocation matters until then and is dropped after.
    package var expiresAt: Int64
    /// The client the token was issued to (the one that revoked it).
    package var clientID: String

    package init(jwtID: String, expiresAt: Int64, clientID: String) {
        self.jwtID = jwtID
        self.expiresAt = expiresAt
        self.clientID = clientID
    }
}

/// Where a revocation made on this node is announced to the others. The Redis tier
/// implements it (store `jti` with the token's remaining lifetime, publish on a channel; receivers
/// call `RevocationList.apply` and `IntrospectionCache` checks the list on every hit). Embedded
/// mode has no other node and passes none.
///
/// Called on the I/O thread after the local list is updated: an implementation must not block
/// (queue the work for its own connection).
package protocol RevocationPublishing: Sendable {
    func publish(_ revocation: Revocation)
}

/// Where a revocation is made durable before it is answered (contract rule 2): PostgreSQL, else
/// Redis, else the state file. Blocking: called off the I/O thread, and the 200 waits for it.
package protocol RevocationRecording: Sendable {
    func record(_ revocation: Revocation, now: Int64) throws
}
