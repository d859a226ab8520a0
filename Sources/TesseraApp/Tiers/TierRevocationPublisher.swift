import Dispatch
import Glibc
import TesseraOAuth
import TesseraStore

/// Announces a revocation (or a client's cut) made on this node on the Redis channel; running
/// nodes apply it within a second. The durable record was written before (`DurableRevocations`);
/// this is only what makes other nodes learn it sooner than their next load. Called on the I/O
/// thread, so the work goes to a serial queue of its own; a failure is logged.
final class TierRevocationPublisher: RevocationPublishing {
    private let redis: RedisPool
    private let queue = DispatchQueue(label: "tessera.revocations")

    init(redis: RedisPool) {
        self.redis = redis
    }

    func publish(_ revocation: Revocation) {
        send(.revocation(jwtID: revocation.jwtID, expiresAt: revocation.expiresAt, clientID: revocation.clientID))
    }

    func publishCut(clientID: String, notBefore: Int64) {
        send(.cut(clientID: clientID, notBefore: notBefore))
    }

    private func send(_ message: InvalidationMessage) {
        let redis = self.redis
        queue.async {
            do {
                try InvalidationBus.publish(message, pool: redis)
            } catch {
                // Just after an outage the pool may still be in its reconnect backoff (up to 2 s)
                // while Redis answers and the other nodes are subscribed again: they would not
                // read the recorded revocations again, so this message is all they get. One try
                // on a connection of its own (this queue is not an I/O thread).
                do {
                    let connection = try RedisConnection(redis.options)
                    _ = try connection.command([Array("PUBLISH".utf8), Array(InvalidationMessage.channel.utf8), message.encoded])
                } catch {
                    Log.warning("revocation not published to other nodes", [("reason", "\(error)")])
                }
            }
        }
    }
}
