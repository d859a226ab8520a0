import Foundation
import Testing
import TesseraTesting

/// Contract rule 5: with both stores down, a client cached locally is served for at most
/// `cache.local.stale_if_error` after it was cached; an unknown one gets 503 (cached
/// clients got 503 after ~1 s).
@Suite(.serialized, .timeLimit(.minutes(2)), .requires(TestServices.databaseURL != nil, Comment(rawValue: TestServices.skipMessage)))
struct OutageTests {
    /// The default stale_if_error (5m): well past the old 1 s outage bound and the local ttl, a
    /// cached client still gets tokens; an unknown one gets 503.
    @Test func bothStoresDownServeCachedClients() throws {
        let deployment = try Deployment(redis: true, database: true) { config in config.localTTL = "1s" }
        defer { deployment.close() }
        try deployment.startAll()
        let node = deployment.node
        let secret = try deployment.addClient("cached", scopes: ["read"], audiences: ["api"])
        _ = try issued(node.token("cached", secret, scope: "read"))

        deployment.redisProxy?.cut()
        deployment.database?.proxy.cut()
        Thread.sleep(forTimeInterval: 2.5)
        let during = try node.token("cached", secret, scope: "read")
        #expect(during.status == 200, "a cached client 2.5 s into an outage of both stores: \(during)")
        let unknown = try node.token("never-registered", "whatever")
        #expect(unknown.status == 503, "an unknown client with both stores down: \(unknown)")
    }

    /// Past an explicit stale_if_error, the cached client gets 503 (never 401, never a token).
    @Test func bothStoresDownStopServingPastStaleIfError() throws {
        let deployment = try Deployment(redis: true, database: true) { config in
            config.localTTL = "1s"
            config.staleIfError = "3s"
        }
        defer { deployment.close() }
        try deployment.startAll()
        let node = deployment.node
        let secret = try deployment.addClient("cached", scopes: ["read"], audiences: ["api"])
        _ = try issued(node.token("cached", secret, scope: "read"))
        let cachedAt = Date()

        deployment.redisProxy?.cut()
        deployment.database?.proxy.cut()
        Thread.sleep(forTimeInterval: 1.5)
        let during = try node.token("cached", secret, scope: "read")
        #expect(during.status == 200, "a cached client 1.5 s into the outage, stale_if_error 3s: \(during)")
        Thread.sleep(forTimeInterval: max(0, 3.6 - Date().timeIntervalSince(cachedAt)))
        let late = try node.token("cached", secret, scope: "read")
        #expect(late.status == 503, "a cached client past stale_if_error, stores down: \(late)")
    }
}
