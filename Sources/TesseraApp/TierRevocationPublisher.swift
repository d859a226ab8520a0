import Dispatch
import TesseraOAuth
import TesseraStore

/// Announces a revocation made on this node: recorded in PostgreSQL (for nodes that start later)
/// and published on the Redis channel (applied by running nodes within a second). Called on the
/// I/O thread, so the work goes to a serial queue of its own; a failure is logged, the local
/// revocation stands.
final class TierRevocationPublisher: RevocationPublishing {
    private let redis: RedisPool?
    private let database: PostgresPool?
    private let queue = DispatchQueue(label: "tessera.revocations")

    init(redis: RedisPool?, database: PostgresPool?) {
        self.redis = redis
        self.database = database
    }

    func publish(_ revocation: Revocation) {
        let redis = self.redis
        let database = self.database
        queue.async {
            if let database {
                do {
                    try database.withConnection { connection throws(StoreError) in
                        try PostgresRevocationTable().insert(
                            jwtID: revocation.jwtID, clientID: revocation.clientID, expiresAt: revocation.expiresAt,
                            on: connection)
                    }
                } catch {
                    Log.warning("revocation not stored in PostgreSQL", [("reason", "\(error)")])
                }
            }
            if let redis {
                do {
                    try InvalidationBus.publish(
                        .revocation(jwtID: revocation.jwtID, expiresAt: revocation.expiresAt, clientID: revocation.clientID),
                        pool: redis)
                } catch {
                    Log.warning("revocation not published to other nodes", [("reason", "\(error)")])
                }
            }
        }
    }
}
