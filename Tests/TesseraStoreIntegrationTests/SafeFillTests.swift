import Foundation
import Testing
import TesseraOAuth
import TesseraStore
import TesseraTesting

/// After a client invalidation, a node's lookups read PostgreSQL without leaving the row
/// in Redis (every node's delayed second look deleted the entry), so every node went to PostgreSQL.
/// Now the fill itself is safe against the racing change (`RedisClientCache.fill` stores only while
/// the client's generation is the one its read saw), and it proceeds at once.
@Suite(.serialized, .requires(Services.running, Services.skipMessage))
struct SafeFillTests {
    let old = ClientRecord(id: "racer", secretHash: ClientTiersTests.fastHash, scopes: ["read"], audiences: ["api"], introspect: false)

    /// Read the old row, the change lands (PostgreSQL committed, then `invalidate`), then the
    /// fill: Redis must not hold the old row.
    @Test func aFillThatRacedAChangeNeverInstallsTheOldRow() throws {
        let fixture = try ClientTiersTests.Fixture()
        defer { fixture.database.drop() }
        let read = try fixture.redis.read(id: "racer")
        #expect(read.entry == nil)
        try fixture.redis.invalidate(id: "racer")
        #expect(try fixture.redis.fill(.found(old), id: "racer", ttlMilliseconds: 60_000, after: read) == false)
        #expect(try fixture.redis.get(id: "racer") == nil, "the old row was installed after the change")

        // Filled before the change: the change's invalidation removes it.
        let again = try fixture.redis.read(id: "racer")
        #expect(try fixture.redis.fill(.found(old), id: "racer", ttlMilliseconds: 60_000, after: again))
        try fixture.redis.invalidate(id: "racer")
        #expect(try fixture.redis.get(id: "racer") == nil)

        // "No such client" racing `client add` is refused the same way.
        let unknown = try fixture.redis.read(id: "racer")
        try fixture.redis.invalidate(id: "racer")
        #expect(try fixture.redis.fill(.unknown, id: "racer", ttlMilliseconds: 5_000, after: unknown) == false)
        #expect(try fixture.redis.get(id: "racer") == nil)
    }

    /// With no change since its read, a fill proceeds at once, right after an invalidation too.
    @Test func aFillAfterAnInvalidationProceedsAtOnce() throws {
        let fixture = try ClientTiersTests.Fixture()
        defer { fixture.database.drop() }
        let stored = try fixture.add("racer")
        try fixture.redis.invalidate(id: "racer")
        let fetch = fixture.tiers.fetch(id: "racer")
        #expect(fetch.steps.map(\.tier) == [.redis, .postgres] && !fetch.raced)
        #expect(try fixture.redis.get(id: "racer") == .found(stored))
    }

    /// Two nodes: after `rotate-secret`, node A's first lookup fills Redis with the new row, and
    /// node B, whose local entry the invalidation dropped, finds it there: `Server-Timing` names
    /// `redis`, not `postgres`.
    @Test func afterAnInvalidationTheNextLookupFillsRedisForTheOtherNodes() throws {
        let redis = try PrivateRedis()
        let fixture = try CLIFixture.migrated(redis: redis.url)
        defer { fixture.done() }
        let id = Services.unique("refill")
        let first = try fixture.addClient(id)
        let a = try fixture.serve()
        defer { a.stop() }
        let b = try fixture.serve()
        defer { b.stop() }
        try #require(a.waitUntilSubscribed() && b.waitUntilSubscribed(), "\(a.stderr)\n\(b.stderr)")
        #expect(try a.token(id: id, secret: first).status == 200)
        #expect(try b.token(id: id, secret: first).status == 200)

        let rotated = try fixture.tessera(["client", "rotate-secret", id])
        let secret = try #require(rotated.stdoutLines.first, "\(rotated.stderr)")
        // A's first lookup after the invalidation reads PostgreSQL (and fills Redis). A request
        // that comes before the invalidation is a 401, held to the refusal floor: hence 5 s, not the
        // 1 s the change has to reach a node (ClientChangeTests holds that bound).
        #expect(eventually(timeout: 5.0, interval: 0.02) { (try? a.token(id: id, secret: secret))?.status == 200 }, "\(a.stderr)")
        // What used to undo that fill ran 250 ms after the message on every node: wait it out.
        Thread.sleep(forTimeInterval: 0.5)
        let fromB = try b.token(id: id, secret: secret)
        let timing = fromB.header("Server-Timing") ?? ""
        #expect(fromB.status == 200, "\(fromB.status) \(fromB.body)")
        #expect(timing.contains("redis;") && !timing.contains("postgres"), "B after the invalidation: \(timing)")
    }
}
