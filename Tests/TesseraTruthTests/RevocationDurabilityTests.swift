import Foundation
import Testing
import TesseraTesting

/// Contract rule 2: a revoked token stays inactive until its exp across restarts, in every mode;
/// a node that has not loaded the recorded revocations answers 503, never `active: true`; and
/// rule 1: reuse never hands a revoked token out again, on any node.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct RevocationDurabilityTests {
    /// Revokes the token of `svc` on `node` and checks it is inactive there.
    static func revoke(_ token: JWTClaims, _ secret: GeneratedSecret, in deployment: Deployment, node: TesseraProcess) throws {
        let answer = try node.revoke(token.token, as: ("svc", secret.secret))
        #expect(answer.status == 200, "revocation: \(answer)")
        #expect(try !deployment.isActive(token.token, on: node), "inactive at once on the revoking node")
    }

    /// Issues a token of `svc`, revokes it and restarts the node: the token stays inactive and
    /// reuse does not hand it out again.
    static func revocationSurvivesARestart(redis: Bool, mode: String) throws {
        let deployment = try Deployment(redis: redis)
        defer { deployment.close() }
        let svc = try deployment.startAll(withStatic: "svc", scopes: ["read"], audiences: ["api"])

        let token = try issued(deployment.node.token("svc", svc.secret))
        try revoke(token, svc, in: deployment, node: deployment.node)
        try deployment.restart(deployment.node)
        #expect(try !deployment.isActive(token.token), "the revoked token is active after a restart (\(mode))")
        let next = try issued(deployment.node.token("svc", svc.secret))
        #expect(next.jti != token.jti, "reuse handed out the revoked token after a restart")
    }

    @Test func embeddedRevocationSurvivesARestart() throws {
        try Self.revocationSurvivesARestart(redis: false, mode: "embedded mode")
    }

    @Test(.requires(TestServices.redisServerInstalled, Comment(rawValue: TestServices.skipMessage)))
    func redisOnlyRevocationSurvivesARestart() throws {
        try Self.revocationSurvivesARestart(redis: true, mode: "Redis only")
    }

    /// Revoke; PostgreSQL down; restart the node; it is not ready and answers 503 for the token
    /// until PostgreSQL is back; then the token stays inactive.
    @Test(.requires(TestServices.databaseURL != nil, Comment(rawValue: TestServices.skipMessage)))
    func postgresDownAtStartMeansNotReadyUntilRevocationsLoad() throws {
        let deployment = try Deployment(redis: true, database: true)
        defer { deployment.close() }
        let svc = try deployment.startAll(withStatic: "svc", scopes: ["read"], audiences: ["api"])
        let node = deployment.node
        let token = try issued(node.token("svc", svc.secret))
        try Self.revoke(token, svc, in: deployment, node: node)

        let database = try #require(deployment.database)
        database.proxy.cut()
        node.stop()
        try node.start()
        for _ in 0..<3 {
            let ready = try node.fetch("/readyz")
            #expect(ready.status == 503, "/readyz with PostgreSQL down since start: \(ready)")
            let answer = try node.introspect(token.token, as: deployment.gatewayCredentials)
            #expect(answer.status == 503 && answer.error == "temporarily_unavailable",
                    "introspection of a revoked token before the revocations loaded: \(answer)")
            Thread.sleep(forTimeInterval: 0.5)
        }
        try database.proxy.open()
        let ready = try eventually(timeout: 15, interval: 0.2) { try node.fetch("/readyz").status == 200 }
        let readyz = try node.fetch("/readyz")
        #expect(ready, "/readyz did not come back within 15 s of PostgreSQL: \(readyz)")
        #expect(try !deployment.isActive(token.token), "the revoked token is active once PostgreSQL is back")
        #expect(try issued(node.token("svc", svc.secret)).jti != token.jti, "reuse handed out the revoked token")
    }

    /// Two nodes on one Redis: after a revocation on one, no reuse entry in Redis holds the token,
    /// and a fresh node never gets it.
    @Test(.requires(TestServices.redisServerInstalled, Comment(rawValue: TestServices.skipMessage)))
    func revokingDeletesTheSharedReuseEntry() throws {
        let deployment = try Deployment(nodes: 2, redis: true)
        defer { deployment.close() }
        let svc = try deployment.addStatic("svc", scopes: ["read"], audiences: ["api"])
        try deployment.write()
        try deployment.nodes[0].start()
        try deployment.nodes[0].waitReady()

        let token = try issued(deployment.nodes[0].token("svc", svc.secret))
        #expect(try deployment.reuseEntries().contains { $0.value.contains(token.jti) || $0.value.contains(token.token) },
                "no tessera:reuse:* entry holds the token before the revocation (the test's premise)")
        try Self.revoke(token, svc, in: deployment, node: deployment.nodes[0])
        let left = try deployment.reuseEntries().filter { $0.value.contains(token.jti) || $0.value.contains(token.token) }
        #expect(left.isEmpty, "reuse entries still holding the revoked token: \(left.map(\.key))")

        try deployment.nodes[1].start()
        try deployment.nodes[1].waitReady()
        let other = try issued(deployment.nodes[1].token("svc", svc.secret))
        #expect(other.jti != token.jti, "the second node handed out the revoked token from Redis")
        #expect(try !deployment.isActive(token.token, on: deployment.nodes[1]))
    }
}
