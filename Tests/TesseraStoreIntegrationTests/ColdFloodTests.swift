import TesseraCore
import Foundation
import Testing
import TesseraOAuth
import TesseraStore
import TesseraTesting

@Suite(.requires(Services.running, Services.skipMessage))
struct ColdFloodTests {
    /// The issue's scale case: 1,000 distinct cold clients at once on max_open_conns 10 with the
    /// default 100 ms wait_timeout: no 503, and PostgreSQL asked once per client.
    @Test func aThousandDistinctColdClientsOnTenConnectionsAllResolveWithoutA503() throws {
        let database = try TestDatabase.migrated()
        defer { database.drop() }
        let setup = try PostgresConnection(url: database.url)
        try setup.exec("""
            INSERT INTO tessera_clients (id, secret_hash, scopes, audiences)
            SELECT 'flood-' || n, '\(ClientTiersTests.fastHash)', '{read}', '{api}' FROM generate_series(1, 1000) AS n
            """)
        let pool = PostgresPool(options: PostgresPoolOptions(url: database.url, maxOpen: 10, maxIdle: 10, waitTimeout: .milliseconds(100)))
        defer { pool.closeIdle() }
        let tiers = ClientTiers(redis: nil, database: pool, ttlMilliseconds: 60_000, negativeTTLMilliseconds: 5_000)
        let cache = ClientCache(tiers: tiers, capacity: 2000, ttl: .seconds(60), negativeTTL: .seconds(5))
        let unavailable = Locked(0)
        let found = Locked(0)
        let queries = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 1000) { index in
            let (resolution, fetch) = cache.resolve(id: "flood-\(index + 1)")
            if !fetch.shared && fetch.steps.contains(where: { $0.tier == .postgres }) { queries.mutate { $0 += 1 } }
            switch resolution {
            case .found: found.mutate { $0 += 1 }
            case .unavailable: unavailable.mutate { $0 += 1 }
            case .unknown: break
            }
        }
        #expect(unavailable.value == 0)
        #expect(found.value == 1000)
        #expect(queries.value == 1000, "one PostgreSQL query per client")
        #expect(pool.statistics.peakOpen <= 10)
        #expect(pool.statistics.waitTimeouts == 0)
    }

    /// While the invalidation bus is unsubscribed, local entries are trusted for a short time only;
    /// entries cached before the last resubscription are not trusted at all.
    @Test func localEntriesAreDistrustedAcrossASubscriptionOutage() throws {
        let database = try TestDatabase.migrated()
        defer { database.drop() }
        let connection = try PostgresConnection(url: database.url)
        _ = try PostgresClientTable().insert(
            ClientRecord(id: "trusty", secretHash: ClientTiersTests.fastHash, scopes: ["read"], audiences: ["api"], introspect: false),
            on: connection)
        let pool = PostgresPool(options: PostgresPoolOptions(url: database.url, maxOpen: 2))
        defer { pool.closeIdle() }
        let tiers = ClientTiers(redis: nil, database: pool, ttlMilliseconds: 60_000, negativeTTLMilliseconds: 5_000)
        let clock = ManualClock(nanoseconds: 10_000_000_000)
        let trust = Locked(InvalidationBus.Trust(subscribed: true, floor: 0))
        let cache = ClientCache(
            tiers: tiers, capacity: 10, ttl: .seconds(60), negativeTTL: .seconds(5),
            outageTTL: .seconds(1), clock: clock.clock, trust: { trust.value })
        _ = cache.resolve(id: "trusty")
        clock.advance(seconds: 5)
        guard case .found = cache.lookup(id: "trusty") else { Issue.record("subscribed: trusted for its TTL"); return }

        trust.mutate { $0.subscribed = false }
        guard case .miss = cache.lookup(id: "trusty") else { Issue.record("unsubscribed: a 5 s old entry is trusted"); return }
        _ = cache.resolve(id: "trusty")
        clock.advance(seconds: 0.5)
        guard case .found = cache.lookup(id: "trusty") else { Issue.record("unsubscribed: a fresh entry is distrusted"); return }
        clock.advance(seconds: 0.6)
        guard case .miss = cache.lookup(id: "trusty") else { Issue.record("unsubscribed: trusted past the outage TTL"); return }

        _ = cache.resolve(id: "trusty")
        clock.advance(seconds: 0.1)
        trust.mutate { $0 = InvalidationBus.Trust(subscribed: true, floor: clock.nanoseconds) }
        guard case .miss = cache.lookup(id: "trusty") else { Issue.record("resubscribed: an entry from the outage is trusted"); return }
        _ = cache.resolve(id: "trusty")
        clock.advance(seconds: 10)
        guard case .found = cache.lookup(id: "trusty") else { Issue.record("resubscribed: a new entry is distrusted"); return }
    }
}
