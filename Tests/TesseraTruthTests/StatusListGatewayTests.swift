import Foundation
import Testing
import TesseraTesting

/// What a gateway that verifies locally gets from the status list: a revoked token refused
/// within `ttl + 1 s` with no introspection call, and, while the stores are down, the last list
/// with its set bits (never one with a revoked bit cleared).
@Suite(.serialized, .timeLimit(.minutes(2)), .requires(TestServices.redisServerInstalled, Comment(rawValue: TestServices.skipMessage)))
struct StatusListGatewayTests {
    @Test func aReferenceGatewayRefusesARevokedTokenWithinTTLPlusOneSecond() throws {
        let deployment = try Deployment { config in config.statusList = "{ttl: 1s}" }
        defer { deployment.close() }
        let secret = try deployment.startAll(withStatic: "svc", scopes: ["read"], audiences: ["api"])
        let token = try issued(deployment.node.token("svc", secret.secret))

        let answer = try StatusListReader.run([
            "mode": "gateway", "port": Int(deployment.node.port), "issuer": StatusListTests.issuer, "token": token.token,
            "audience": "api", "id": "svc", "secret": secret.secret, "timeout": 4,
        ])
        #expect(answer["accepted"] as? Bool == true, "the gateway refused the live token: \(answer)")
        #expect(answer["revoke_status"] as? Int == 200)
        let refusedAfter = (answer["refused_after"] as? NSNumber)?.doubleValue
        #expect(refusedAfter.map { $0 <= TestTiming.bound(2) } == true, "ttl 1 s: refused after \(refusedAfter.map { "\($0) s" } ?? "never")")

        let metrics = try deployment.node.fetch("/metrics").body.split(separator: "\n")
        #expect(metrics.contains { $0.hasPrefix(#"tessera_http_requests_total{endpoint="token""#) }, "premise: request metrics")
        #expect(!metrics.contains { $0.hasPrefix(#"tessera_http_requests_total{endpoint="introspect""#) }, "the gateway introspected")
    }

    @Test func storesDownServeTheLastListAndNeverClearARevokedBit() throws {
        let deployment = try Deployment(redis: true) { config in config.statusList = "{ttl: 1s}" }
        defer { deployment.close() }
        let secret = try deployment.startAll(withStatic: "svc", scopes: ["read"], audiences: ["api"])
        let node = deployment.node
        let token = try issued(node.token("svc", secret.secret))
        #expect(try node.revoke(token.token, as: ("svc", secret.secret)).status == 200)
        let set = try StatusListTests.bitBecomes(1, token, on: [node], since: Date(), timeout: 2)
        try #require(set.delays.first! != nil, "premise: the bit is set")

        deployment.redisProxy?.cut()
        // Over 1.5 s (the list is re-signed at least once, its ttl being 1 s) every answer is the
        // list with the bit set.
        let held = try StatusListReader.run([
            "mode": "hold", "port": Int(node.port), "issuer": StatusListTests.issuer, "token": token.token, "duration": 1.5,
        ])
        let answers = held["answers"] as? [[String: Any]] ?? []
        #expect(!answers.isEmpty && answers.allSatisfy { $0["status"] as? Int == 200 && $0["bit"] as? Int == 1 }, "stores down: \(answers)")
        #expect(Set(answers.compactMap { $0["iat"] as? Int }).count >= 2, "the list was not re-signed during the outage: \(answers)")

        // A node restarted during the outage has not read the log: no list rather than a wrong one.
        node.stop()
        try node.start()
        let after = try node.fetch("/oauth/status/" + (try StatusListTests.reference(token)).uri.split(separator: "/").last!)
        #expect(after.status == 503, "a restarted node without its store served \(after)")
    }
}
