import TesseraTesting
import Foundation
import Testing
import TesseraStore

/// A cut a node decided is recorded as decided: recording it again (a retry, a restart that
/// recovers it, a second node removing the same client) never moves it later; the later of two
/// wins. And the client entries can all be dropped after an outage of the invalidation channel.
@Suite(.requires(Services.running, Services.skipMessage))
struct RedisCutRecordTests {
    @Test func recordingACutAgainKeepsTheLaterOneAndNeverMovesIt() throws {
        let pool = RedisPool(options: try RedisOptions(url: try Services.redis(), poolSize: 1))
        let table = RedisRevocationTable(pool: pool)
        let client = Services.unique("cut")
        defer { _ = try? pool.command(["DEL", RedisRevocationTable.cutPrefix + client]) }
        let now = Int64(Date().timeIntervalSince1970)
        let cases: [(requested: Int64, recorded: Int64)] = [(now, now), (now, now), (now - 1, now), (now + 2, now + 2), (now + 2, now + 2)]
        for (requested, expected) in cases {
            #expect(try table.recordCut(clientID: client, notBefore: requested, expiresAt: now + 60, now: now) == expected)
        }
        let (_, cuts) = try table.loadAll()
        #expect(cuts.first { $0.0 == client }?.1 == now + 2)
        // A command's "cut now" still moves one past a cut that is not earlier (see TokenCut).
        #expect(try table.insertCut(clientID: client, notBefore: now + 2, expiresAt: now + 60, now: now) == now + 3)
    }

    /// On a Redis of its own: the shared one serves tests running in parallel.
    @Test func deleteAllDropsEveryClientEntryAndNothingElse() throws {
        let redis = try PrivateRedis()
        defer { redis.stop() }
        let pool = RedisPool(options: try RedisOptions(url: redis.url, poolSize: 1))
        let cache = RedisClientCache(pool: pool)
        let other = "tessera:cut:other"
        _ = try pool.command(["SET", other, "x"])
        let ids = (0..<2500).map { "client-\($0)" }  // more than one SCAN batch
        for id in ids { try cache.set(.unknown, id: id, ttlMilliseconds: 60_000) }
        #expect(try cache.deleteAll() == ids.count)
        for id in ids { #expect(try cache.get(id: id) == nil) }
        #expect(try pool.command(["GET", other]) == .string(Array("x".utf8)))
    }
}
