import Glibc
import TesseraOAuth
import TesseraStore

/// A per-client cut (every token of the client issued up to a second is revoked), the one
/// implementation behind `client revoke-tokens`, `client remove`, `--revoke-tokens` and a node
/// dropping a static client: recorded durably (PostgreSQL when configured, else Redis), then
/// announced on the invalidation channel with the client's shared reusable tokens deleted.
package enum ClientCut {
    /// How a recorded cut relates to one the store already holds.
    package enum Mode: Sendable {
        /// A command's: one second past an earlier cut that is not earlier than `notBefore`, so
        /// tokens issued just after that one are covered too.
        case after
        /// A node's own decision, recorded again by a retry or a restart: the later of the two,
        /// never past it (tokens issued since must stay valid).
        case keepLater
    }

    /// Records the cut in PostgreSQL; returns the cut in force.
    package static func record(
        clientID: String, notBefore: Int64, expiresAt: Int64, mode: Mode, on connection: PostgresConnection
    ) throws(StoreError) -> Int64 {
        let table = PostgresRevocationTable()
        switch mode {
        case .after: return try table.insertCut(clientID: clientID, notBefore: notBefore, expiresAt: expiresAt, on: connection)
        case .keepLater: return try table.recordCut(clientID: clientID, notBefore: notBefore, expiresAt: expiresAt, on: connection)
        }
    }

    /// Records the cut in Redis (no PostgreSQL); returns the cut in force.
    package static func record(
        clientID: String, notBefore: Int64, expiresAt: Int64, mode: Mode, redis: RedisPool, now: Int64
    ) throws(StoreError) -> Int64 {
        let table = RedisRevocationTable(pool: redis)
        switch mode {
        case .after: return try table.insertCut(clientID: clientID, notBefore: notBefore, expiresAt: expiresAt, now: now)
        case .keepLater: return try table.recordCut(clientID: clientID, notBefore: notBefore, expiresAt: expiresAt, now: now)
        }
    }

    /// Tells every node subscribed to `redis` at once; nodes that are not learn it when they next
    /// load the recorded revocations.
    package static func announce(clientID: String, notBefore: Int64, redis: RedisPool) throws(StoreError) {
        try InvalidationBus.publish(.cut(clientID: clientID, notBefore: notBefore), pool: redis)
        try SharedTokenReuse.dropAll(clientID: clientID, pool: redis)
    }

    /// Returns once the wall clock is past `second`: a token issued from then on has a later `iat`.
    package static func waitOut(second: Int64) {
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        while Int64(clock.tv_sec) <= second {
            usleep(UInt32(max(1000, (1_000_000_000 - clock.tv_nsec) / 1000)))
            clock_gettime(CLOCK_REALTIME, &clock)
        }
    }
}
