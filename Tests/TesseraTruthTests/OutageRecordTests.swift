import Foundation
import Testing
import TesseraTesting

/// Changes made while Redis is down (contract rules 3 and 5): what the outage hid is applied
/// once Redis is back, and nothing recorded late moves past what it was decided to cover.
/// Found by ModelBasedTests (stores seed 3357138560: a client rotated while Redis was down kept
/// getting 401 with its new secret; redisOnly seed 2742613273: a token of a static client re-added
/// after a removal during an outage was inactive on the other node).
@Suite(.serialized, .timeLimit(.minutes(3)), .requires(TestServices.databaseURL != nil, Comment(rawValue: TestServices.skipMessage)))
struct OutageRecordTests {
    static let bound = TestTiming.bound(1)

    /// The Redis entry of the client (written before the outage) still holds the old secret when
    /// Redis comes back: it must not be served as the truth once the node is resubscribed.
    @Test func secretRotatedWhileRedisIsDownIsAcceptedOnceRedisIsBack() throws {
        let deployment = try Deployment(redis: true, database: true)
        defer { deployment.close() }
        try deployment.startAll()
        let node = deployment.node
        let secret = try deployment.addClient("svc", scopes: ["read"], audiences: ["api"])
        // Past the node's second look after client add's announcement (250 ms), which deletes the
        // Redis entry once more; the token request then caches svc in Redis for cache.local.ttl.
        Thread.sleep(forTimeInterval: 0.5)
        _ = try issued(node.token("svc", secret))
        let probe = try RedisProbe(port: deployment.redis!.port)
        #expect(try probe.keys("tessera:client:svc") == ["tessera:client:svc"], "premise: svc is cached in Redis")

        deployment.redisProxy?.cut()
        let rotated = try deployment.cli(["client", "rotate-secret", "svc"])
        let newSecret = try #require(rotated.status == 0 ? rotated.stdoutLines.first : nil, "rotate-secret with Redis down: \(rotated)")
        try deployment.redisProxy?.open()

        // The contract's 1 s after Redis is back (scaled slack): the node has resubscribed and
        // its Redis pool is out of its reconnect backoff, so a lookup reads Redis again.
        Thread.sleep(forTimeInterval: Self.bound + 1)
        let after = try node.token("svc", newSecret)
        let held = try probe.dump("tessera:client:svc")
        #expect(after.status == 200, "the new secret after Redis came back: \(after) (Redis holds \(held))")
        #expect(try node.token("svc", secret).status == 401, "the old secret works after Redis came back")
    }

    /// Two nodes cut a static client removed while Redis is down; each records its cut when Redis
    /// is back, and a restarted node records again the cuts its state journal kept. Recording a
    /// cut again must not move it later (it moved one second per record, past tokens issued
    /// after the client was added back).
    @Test func aCutRecordedAgainNeverKillsTokensIssuedAfterIt() throws {
        let deployment = try Deployment(nodes: 2, redis: true)
        defer { deployment.close() }
        let secret = try deployment.startAll(withStatic: "svc", scopes: ["read"], audiences: ["api"])
        let client = deployment.config.clients.removeLast()

        deployment.redisProxy?.cut()
        try deployment.reloadAll()  // svc removed: each node cuts it, Redis cannot take the cut
        try deployment.redisProxy?.open()
        let probe = try RedisProbe(port: deployment.redis!.port)
        let recorded = try eventually(timeout: Self.bound + 1) { try !probe.keys("tessera:cut:svc").isEmpty }
        #expect(recorded, "the cut is recorded in Redis once it is back")
        Thread.sleep(forTimeInterval: 0.6)  // both nodes' retries (every 500 ms) have run
        let first = try probe.dump("tessera:cut:svc")

        for _ in 0..<3 {
            try deployment.restart(deployment.nodes[1])
            Thread.sleep(forTimeInterval: 0.6)  // the restarted node's retry of its journal's cuts
        }
        let after = try probe.dump("tessera:cut:svc")
        #expect(Int(after)! <= Int(first)! + 1, "restarts moved the recorded cut from \(first) to \(after)")

        deployment.config.clients.append(client)
        try deployment.reloadAll()
        let token = try issued(deployment.nodes[0].token("svc", secret.secret))
        for node in deployment.nodes {
            #expect(try deployment.isActive(token.token, on: node), "\(token) (cut recorded at \(after)) is inactive on \(node.name)")
        }
    }
}
