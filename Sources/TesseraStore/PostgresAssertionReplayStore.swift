import Glibc
import Synchronization

/// Used client assertion ids in PostgreSQL (`tessera_used_assertions`, schema version 6), for
/// nodes that share a database but no Redis. The row is keyed by the SHA-256 of the assertion key
/// (computed by the server, so a long jti never makes a long index key) and kept until the
/// assertion's `exp`. One statement claims it: the insert of a new row, or the take-over of an
/// expired one not purged yet, returns a row; a live row returns none (a replay). Two nodes
/// inserting the same key at once are ordered by the primary key: exactly one gets the row. The
/// statement commits on its own, so a claim acknowledged is durable. Expired rows are deleted at
/// most once a minute per node, after a claim. Blocks on I/O: never call it on an I/O thread.
package final class PostgresAssertionReplayStore: AssertionReplayStore {
    static let claim = PostgresStatement(
        name: "tessera_assertion_claim",
        sql: """
            INSERT INTO tessera_used_assertions (digest, expires_at) VALUES (sha256(decode($1, 'hex')), $2::bigint)
            ON CONFLICT (digest) DO UPDATE SET expires_at = excluded.expires_at
                WHERE tessera_used_assertions.expires_at <= $3::bigint
            RETURNING 1
            """,
        parameterCount: 3)
    static let purge = PostgresStatement(
        name: "tessera_assertion_purge", sql: "DELETE FROM tessera_used_assertions WHERE expires_at <= $1::bigint",
        parameterCount: 1)

    let pool: PostgresPool
    private let purgedAt = Atomic<Int64>(0)
    private let clock: @Sendable () -> Int64

    package init(pool: PostgresPool, clock: @escaping @Sendable () -> Int64 = { Int64(time(nil)) }) {
        self.pool = pool
        self.clock = clock
    }

    package var tier: StoreTier { .postgres }

    package func claim(_ key: [UInt8], milliseconds: Int64) throws(StoreError) -> Bool {
        let now = clock()
        let expiresAt = now + (max(1, milliseconds) + 999) / 1000
        let last = purgedAt.load(ordering: .relaxed)
        let purge = last + 60 <= now && purgedAt.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged
        return try pool.withConnection { connection throws(StoreError) in
            let rows = try connection.execute(Self.claim, [Self.hex(key), String(expiresAt), String(now)]).rows
            if purge { _ = try? connection.execute(Self.purge, [String(now)]) }
            return !rows.isEmpty
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
