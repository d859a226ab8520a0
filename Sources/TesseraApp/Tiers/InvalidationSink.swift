import TesseraCore
import Dispatch
import Glibc
import TesseraOAuth
import TesseraStore

/// Applies invalidations from other nodes (through the Redis channel) to this node's local tiers:
/// a changed client leaves the client cache, its memoized secret verifications and its reusable
/// tokens; a revoked token enters the revocation list and leaves the reuse cache. Bound to the state box after the first state is built.
final class InvalidationSink: Sendable {
    private struct Targets {
        var box: StateBox?
        var clients: ClientCache?
        var revocations: RevocationList?
        var keysChanged: (@Sendable () -> Void)?
    }

    private let targets = Locked(Targets())

    func attach(box: StateBox, clients: ClientCache?, revocations: RevocationList) {
        targets.withLock { $0 = Targets(box: box, clients: clients, revocations: revocations) }
    }

    /// What to do when another node made or removed a signing key in PostgreSQL.
    func attachKeys(_ changed: @escaping @Sendable () -> Void) {
        targets.withLock { $0.keysChanged = changed }
    }

    func apply(_ message: InvalidationMessage) {
        let targets = targets.withLock { $0 }
        switch message {
        case .client(let id):
            targets.clients?.invalidate(id: id)
            // A fetch that read PostgreSQL just before the change may still land in the local
            // tier after this message (without Redis to tell it so: `ClientTiers.Fetch.raced`):
            // look again once such a fetch has landed. Redis needs no second look: a fill that
            // raced the change is refused there (`RedisClientCache.fill`), so the next lookup's
            // fill proceeds at once and other nodes find the new row in Redis.
            if let clients = targets.clients {
                let announced = clients.now
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(250)) {
                    clients.invalidate(id: id, fetchedBefore: announced)
                }
            }
            if let state = targets.box?.current {
                state.tokens.caches.verifiedSecrets.forget(clientID: id)
                state.tokens.caches.reuse.removeAll(clientID: id)
            }
            Log.debug("client invalidated", [("client_id", id)])
        case .revocation(let jwtID, let expiresAt, let clientID):
            let now = Int64(time(nil))
            targets.revocations?.apply(Revocation(jwtID: jwtID, expiresAt: expiresAt, clientID: clientID), now: now)
            targets.box?.current.tokens.caches.reuse.forget(jwtID: jwtID)
        case .cut(let clientID, let notBefore):
            targets.revocations?.cut(clientID: clientID, notBefore: notBefore)
            targets.clients?.invalidate(id: clientID)
            if let state = targets.box?.current {
                state.tokens.caches.verifiedSecrets.forget(clientID: clientID)
                state.tokens.caches.reuse.removeAll(clientID: clientID)
            }
            Log.debug("client tokens cut", [("client_id", clientID), ("not_before", "\(notBefore)")])
        case .keys:
            targets.keysChanged?()
        }
    }
}
