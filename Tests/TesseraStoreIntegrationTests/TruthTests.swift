import Foundation
import Glibc
import Testing
import TesseraStore
import TesseraTesting

/// "Every answer follows the truth" against real Redis and PostgreSQL: revocations and cuts are
/// durable, reuse follows client changes, a store down at start holds introspection back.
@Suite(.requires(Services.running, Services.skipMessage))
struct TruthTests {
    @Test func aRevocationSurvivesARestartInRedisOnlyMode() throws {
        let redis = try Services.redis()
        let directory = try TemporaryDirectory(prefix: "tessera-truth-redis")
        defer { directory.remove() }
        let secret = "redis-only-secret"
        let hash = try TesseraBinary.run(["secret", "hash"], stdin: secret + "\n").stdoutLines.first ?? ""
        let id = Services.unique("ro")
        let config = """
            issuer: "https://tessera.test"
            keys:
              directory: "\(directory.file("keys").path)"
            cache:
              redis:
                url: "\(redis)"
            clients:
              - id: \(id)
                secret_hash: "\(hash)"
                scopes: [read]
                audiences: [api]
                introspect: true
            """
        var node = try TesseraProcess.start(config: config)
        let first = try #require(try node.token(id: id, secret: secret).accessToken)
        #expect(try node.revoke(first, as: (id, secret)).status == 200)
        node.stop()
        node = try TesseraProcess.start(config: config)
        defer { node.stop() }
        #expect(eventually(timeout: 3, interval: 0.02) { (try? node.fetch("/readyz"))?.status == 200 })
        let after = try node.introspect(first, as: (id, secret))
        #expect(after.status == 200 && after.json["active"] as? Bool == false, "revoked token active after a restart: \(after.body)")
        let again = try node.token(id: id, secret: secret)
        #expect(again.status == 200 && again.accessToken != first, "reuse handed out the revoked token after a restart")
    }

    @Test func postgresDownAtStartHoldsIntrospectionUntilTheRevocationsAreLoaded() throws {
        let secret = "static-introspector"
        let hash = try TesseraBinary.run(["secret", "hash"], stdin: secret + "\n").stdoutLines.first ?? ""
        let fixture = try CLIFixture.proxied(extra: """
            clients:
              - id: gw
                secret_hash: "\(hash)"
                scopes: [read]
                audiences: [api]
                introspect: true

            """)
        defer { fixture.done() }
        let proxy = fixture.proxy
        var node = try fixture.serve()
        let token = try #require(try node.token(id: "gw", secret: secret).accessToken)
        #expect(try node.revoke(token, as: ("gw", secret)).status == 200)
        node.stop()

        proxy.cut()
        node = try fixture.serve()
        defer { node.stop() }
        let held = try node.introspect(token, as: ("gw", secret))
        #expect(held.status == 503 && held.body.contains("temporarily_unavailable"), "\(held.status) \(held.body)")
        #expect(try node.fetch("/readyz").status == 503)
        try proxy.open()
        #expect(eventually(timeout: 5, interval: 0.02) { (try? node.fetch("/readyz"))?.status == 200 }, "the load was not retried")
        let loaded = try node.introspect(token, as: ("gw", secret))
        #expect(loaded.status == 200 && loaded.json["active"] as? Bool == false, "\(loaded.body)")
    }

    @Test func revokeTokensKillsEveryIssuedTokenAndLaterOnesLive() throws {
        let fixture = try CLIFixture.migrated(redis: try Services.redis())
        defer { fixture.done() }
        let id = Services.unique("cut")
        let secret = try fixture.addClient(id)
        let node = try fixture.serve()
        defer { node.stop() }
        let old = try #require(try node.token(id: id, secret: secret).accessToken)
        let cut = try fixture.tessera(["client", "revoke-tokens", id])
        #expect(cut.status == 0, "\(cut.stderr)")
        #expect(eventually(timeout: 1, interval: 0.02) { (try? node.introspect(old, as: (id, secret)))?.json["active"] as? Bool == false })
        let fresh = try #require(try node.token(id: id, secret: secret).accessToken)
        #expect(fresh != old)
        #expect(try node.introspect(fresh, as: (id, secret)).json["active"] as? Bool == true)
        // Durable: a node started now knows it too.
        let late = try fixture.serve()
        defer { late.stop() }
        #expect(eventually(timeout: 3, interval: 0.02) { (try? late.fetch("/readyz"))?.status == 200 })
        #expect(try late.introspect(old, as: (id, secret)).json["active"] as? Bool == false)
    }

    @Test func revokeTokensWithoutAnyStoreIsABadConfiguration() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-truth-embedded")
        defer { directory.remove() }
        let url = directory.file("config.yaml")
        try Data("issuer: \"https://tessera.test\"\n".utf8).write(to: url)
        let outcome = try TesseraBinary.run(["client", "revoke-tokens", "demo", "--config", url.path])
        #expect(outcome.status == 2 && outcome.stderr.contains("needs Redis"), "\(outcome.status) \(outcome.stderr)")
    }

    @Test func aRemovedClientsTokensAreDeadAndItsReuseKeysGone() throws {
        let redisURL = try Services.redis()
        let fixture = try CLIFixture.migrated(redis: redisURL)
        defer { fixture.done() }
        let id = Services.unique("gone")
        let secret = try fixture.addClient(id, ["--scope", "read write admin", "--audience", "api", "--introspect"])
        let node = try fixture.serve()
        defer { node.stop() }
        let pool = RedisPool(options: try RedisOptions(url: redisURL, poolSize: 1, timeout: .seconds(1)))
        func reuseKeys() throws -> Int {
            guard case .array(let keys) = try pool.command([Array("KEYS".utf8), Array("tessera:reuse:\(id)\u{1F}*".utf8)]) else { return -1 }
            return keys.count
        }
        // Until a node has read the recorded revocations nothing is kept for reuse (every request
        // gets a fresh token): on a slow (sanitizer) run the first token can come before that.
        var wide = ""
        #expect(eventually(timeout: TestTiming.bound(2), interval: 0.05) {
            guard let token = (try? node.token(id: id, secret: secret))?.accessToken else { return false }
            wide = token
            return (try? reuseKeys()) == 1
        }, "no reuse entry in Redis")
        #expect(try fixture.tessera(["client", "remove", id]).status == 0)
        #expect(try reuseKeys() == 0, "the removed client's reuse keys stayed in Redis")

        // Registered again with fewer scopes: neither the old token nor its grant comes back.
        let again = try fixture.addClient(id, ["--scope", "read", "--audience", "api", "--introspect"])
        let narrow = try #require(waitUntilValue(2) { try? node.token(id: id, secret: again).accessToken })
        #expect(narrow != wide)
        #expect(try node.introspect(narrow, as: (id, again)).json["scope"] as? String == "read")
        #expect(try node.introspect(wide, as: (id, again)).json["active"] as? Bool == false, "a removed client's token lives")
    }

    @Test func bothStoresDownACachedClientKeepsGettingTokensPastOneSecond() throws {
        let fixture = try CLIFixture.proxied(localTTL: "1s")
        defer { fixture.done() }
        let proxy = fixture.proxy
        let secret = try fixture.addClient("stale", ["--scope", "read", "--audience", "api"])
        let node = try fixture.serve()
        defer { node.stop() }
        #expect(try node.token(id: "stale", secret: secret).status == 200)
        proxy.cut()
        usleep(2_500_000)  // past cache.local.ttl and the old 1 s outage bound
        let served = try node.token(id: "stale", secret: secret, extra: "&scope=read")
        #expect(served.status == 200, "a cached client lost its tokens with the stores down: \(served.status) \(served.body)")
        #expect(try node.token(id: "unknown", secret: "x").status == 503)
    }
}

/// Polls until `value` is non-nil (or the time is up).
func waitUntilValue<T>(_ seconds: Double, _ value: () -> T?) -> T? {
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
        if let found = value() { return found }
        usleep(50_000)
    } while Date() < deadline
    return nil
}
