import Foundation
import Testing
import TesseraOAuth
import TesseraStore
import TesseraTesting

@Suite(.requires(Services.running, Services.skipMessage))
struct ClientTiersTests {
    static let fastHash = "$hmac-sha256$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

    struct Fixture {
        let database: TestDatabase
        let pool: PostgresPool
        /// A redis-server of the fixture's own: a node starting anywhere drops every client entry
        /// of the Redis it subscribes to, which would race these tests' reads of what was filled.
        let redisServer: PrivateRedis
        let redis: RedisClientCache
        let tiers: ClientTiers

        init() throws {
            database = try TestDatabase.migrated()
            pool = PostgresPool(options: PostgresPoolOptions(url: database.url, maxOpen: 4, maxIdle: 4))
            redisServer = try PrivateRedis()
            redis = RedisClientCache(pool: RedisPool(options: try RedisOptions(url: redisServer.url, poolSize: 4)))
            tiers = ClientTiers(redis: redis, database: pool, ttlMilliseconds: 60_000, negativeTTLMilliseconds: 5_000)
        }

        func add(_ id: String) throws -> ClientRecord {
            let record = ClientRecord(id: id, secretHash: ClientTiersTests.fastHash, scopes: ["read"], audiences: ["api"], introspect: false)
            _ = try pool.withConnection { connection throws(StoreError) in try PostgresClientTable().insert(record, on: connection) }
            var stored = record
            stored.version = 1  // the column's first value
            return stored
        }

        /// A node's client cache over these tiers (entries for 60 s, unknown ids for 5 s).
        func cache(capacity: Int) -> ClientCache {
            ClientCache(tiers: tiers, capacity: capacity, ttl: .seconds(60), negativeTTL: .seconds(5))
        }

        func done() {
            pool.closeIdle()
            database.drop()
            redisServer.stop()
        }
    }

    @Test func aColdLookupAsksRedisThenPostgresAndFillsRedisAndTheLocalTier() throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        let id = Services.unique("cold")
        let record = try fixture.add(id)
        let cache = fixture.cache(capacity: 100)
        guard case .miss = cache.lookup(id: id) else { Issue.record("a cold client is in the local tier"); return }

        let (resolution, fetch) = cache.resolve(id: id)
        guard case .found(let client) = resolution else { Issue.record("not found: \(resolution)"); return }
        #expect(client.id == id)
        #expect(fetch.steps.map(\.tier) == [.redis, .postgres])
        #expect(fetch.steps.map(\.hit) == [false, true])
        #expect(try fixture.redis.get(id: id) == .found(record), "Redis was filled")
        guard case .found = cache.lookup(id: id) else { Issue.record("the local tier was not filled"); return }

        // Another node (a fresh local tier) now stops at Redis.
        let other = fixture.cache(capacity: 100)
        let (_, second) = other.resolve(id: id)
        #expect(second.steps.map(\.tier) == [.redis])
        try fixture.redis.delete(id: id)
    }

    @Test func anUnknownIdIsCachedNegativelySoAFloodStopsAtRedis() throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        let id = Services.unique("bogus")
        let first = fixture.tiers.fetch(id: id)
        #expect(first.steps.map(\.tier) == [.redis, .postgres])
        #expect(try first.result.get() == nil)
        #expect(try fixture.redis.get(id: id) == .unknown)
        let second = fixture.tiers.fetch(id: id)
        #expect(second.steps.map(\.tier) == [.redis], "the second miss does not reach PostgreSQL")
        let cache = fixture.cache(capacity: 10)
        _ = cache.resolve(id: id)
        guard case .unknown = cache.lookup(id: id) else { Issue.record("not cached locally as unknown"); return }
        try fixture.redis.delete(id: id)
    }

    @Test func aThousandConcurrentMissesForOneClientQueryPostgresOnce() throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        let id = Services.unique("flight")
        _ = try fixture.add(id)
        let postgresTrips = Locked(0)
        let found = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 1000) { _ in
            let fetch = fixture.tiers.fetch(id: id)
            if fetch.steps.contains(where: { $0.tier == .postgres }) && !fetch.shared { postgresTrips.mutate { $0 += 1 } }
            if case .success(.some) = fetch.result { found.mutate { $0 += 1 } }
        }
        #expect(found.value == 1000)
        #expect(postgresTrips.value == 1)
        try fixture.redis.delete(id: id)
    }

    @Test func postgresDownIsUnavailableForUnknownIdsButCachedOnesStillAnswer() throws {
        let fixture = try Fixture()
        defer { fixture.done() }
        let id = Services.unique("cached")
        _ = try fixture.add(id)
        let cache = fixture.cache(capacity: 10)
        _ = cache.resolve(id: id)
        try fixture.redis.delete(id: id)

        let deadPool = PostgresPool(options: PostgresPoolOptions(
            url: "postgres://tessera:tessera@127.0.0.1:\(try LoopbackPort.free())/tessera", maxOpen: 2))
        let down = ClientTiers(redis: nil, database: deadPool, ttlMilliseconds: 60_000, negativeTTLMilliseconds: 5_000)
        let fetch = down.fetch(id: Services.unique("unknown"))
        guard case .failure(.unavailable(let tier, _)) = fetch.result else {
            Issue.record("an unknown id with PostgreSQL down must be unavailable, got \(fetch.result)")
            return
        }
        #expect(tier == .postgres)
        guard case .found = cache.lookup(id: id) else { Issue.record("the cached client is gone"); return }
    }
}
