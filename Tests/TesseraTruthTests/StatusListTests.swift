import Foundation
import Testing
import TesseraTesting

/// The Token Status List as a gateway sees it: revocation, client revoke-tokens, client remove
/// and client disable --revoke-tokens set the token's bit on every node within 1 s (2 s without
/// Redis), read from a list verified against the JWKS.
@Suite(.serialized, .timeLimit(.minutes(3)), .requires(TestServices.databaseURL != nil, Comment(rawValue: TestServices.skipMessage)))
struct StatusListTests {
    static let issuer = "https://tessera.test"

    /// The token's `status.status_list` reference.
    static func reference(_ token: JWTClaims) throws -> (uri: String, idx: Int) {
        let status = try #require((token.claims["status"] as? [String: Any])?["status_list"] as? [String: Any], "no status claim: \(token.claims)")
        return (try #require(status["uri"] as? String), try #require((status["idx"] as? NSNumber)?.intValue))
    }

    /// Polls every node's list until the token's bit is `want`; the seconds each took after `since`.
    static func bitBecomes(_ want: Int, _ token: JWTClaims, on nodes: [TesseraProcess], since: Date, timeout: Double) throws -> (delays: [Double?], answer: [String: Any]) {
        let answer = try StatusListReader.run([
            "mode": "poll", "ports": nodes.map { Int($0.port) }, "issuer": issuer, "token": token.token,
            "want": want, "timeout": timeout,
        ])
        let seen = answer["seen"] as? [Any] ?? []
        return (seen.map { ($0 as? NSNumber).map { $0.doubleValue - since.timeIntervalSince1970 } }, answer)
    }

    @Test func revocationAndRevokeTokensSetTheBitOnBothNodesWithinASecond() throws {
        let deployment = try Deployment(nodes: 2, redis: true, database: true) { config in
            config.statusList = "{ttl: 1s}"
            config.reuse = true
        }
        defer { deployment.close() }
        try deployment.startAll()
        let nodes = deployment.nodes
        let secret = try deployment.addClient("svc", scopes: ["read"], audiences: ["api"])
        let token = try issued(nodes[0].token("svc", secret))
        let (uri, _) = try Self.reference(token)
        #expect(uri.hasPrefix(Self.issuer + "/oauth/status/"), "uri \(uri)")
        let reused = try issued(nodes[0].token("svc", secret))
        let (reusedURI, reusedIndex) = try Self.reference(reused)
        let (_, index) = try Self.reference(token)
        #expect(reused.jti == token.jti && reusedURI == uri && reusedIndex == index, "a reused token keeps its index")

        // Before: bit 0 on both nodes, a list PyJWT verifies, served as the contract says.
        let before = try Self.bitBecomes(0, token, on: nodes, since: Date(), timeout: 2)
        #expect(before.delays.allSatisfy { $0 != nil }, "bit 0 not read on every node: \(before.answer)")
        #expect(before.answer["content_type"] as? String == "application/statuslist+jwt")
        let maxAge = (before.answer["cache_control"] as? String ?? "").split(separator: "=").last.flatMap { Int($0) }
        #expect(maxAge.map { $0 <= 1 } == true, "Cache-Control \(before.answer["cache_control"] ?? "none") exceeds ttl 1 s")
        #expect((before.answer["claims"] as? [String: Any])?["ttl"] as? Int == 1)
        #expect(before.answer["package"] as? Bool == true || !TestServices.required, "token-status-list did not decode the list")

        // The unknown list, the aggregation and the metadata.
        // One shaped like Tessera's ids (read from the log once more before the 404) and one not.
        let epoch = uri.split(separator: "/").last!.split(separator: "-").first!
        for id in ["\(epoch)-1048576000", "0-999999999", "x"] {
            let unknown = try nodes[1].fetch("/oauth/status/" + id)
            #expect(unknown.status == 404, "unknown list \(id): \(unknown)")
        }
        let aggregation = try nodes[1].fetch("/oauth/status")
        #expect((aggregation.json["status_lists"] as? [String])?.contains(uri) == true, "aggregation: \(aggregation)")
        let metadata = try nodes[0].fetch("/.well-known/oauth-authorization-server")
        #expect(metadata.json["status_list_aggregation_endpoint"] as? String == Self.issuer + "/oauth/status")

        // Revocation on node 0: both nodes serve the bit within 1 s.
        var since = Date()
        #expect(try nodes[0].revoke(token.token, as: ("svc", secret)).status == 200)
        let revoked = try Self.bitBecomes(1, token, on: nodes, since: since, timeout: 3)
        #expect(revoked.delays.allSatisfy { $0.map { $0 <= TestTiming.bound(1) } == true }, "revocation: \(revoked.delays)")

        // client revoke-tokens, for a token node 1 issued from its own block.
        let second = try issued(nodes[1].token("svc", secret))
        // Measured from the command's return, when its change is committed.
        #expect(try deployment.cli(["client", "revoke-tokens", "svc"]).status == 0)
        since = Date()
        let cut = try Self.bitBecomes(1, second, on: nodes, since: since, timeout: 3)
        #expect(cut.delays.allSatisfy { $0.map { $0 <= TestTiming.bound(1) } == true }, "client revoke-tokens: \(cut.delays)")
    }

    @Test func withoutRedisRevocationAndClientRemovalSetTheBitWithinTwoSeconds() throws {
        let deployment = try Deployment(nodes: 2, database: true) { config in config.statusList = "{ttl: 1s}" }
        defer { deployment.close() }
        try deployment.startAll()
        let secret = try deployment.addClient("svc", scopes: ["read"], audiences: ["api"])
        let token = try issued(deployment.nodes[1].token("svc", secret))
        var since = Date()
        #expect(try deployment.nodes[1].revoke(token.token, as: ("svc", secret)).status == 200)
        let revoked = try Self.bitBecomes(1, token, on: deployment.nodes, since: since, timeout: 4)
        #expect(revoked.delays.allSatisfy { $0.map { $0 <= TestTiming.bound(2) } == true }, "revocation without Redis: \(revoked.delays)")

        // client remove, for a token node 0 issued.
        let otherSecret = try deployment.addClient("other", scopes: ["read"], audiences: ["api"])
        let third = try issued(deployment.nodes[0].token("other", otherSecret))
        // Measured from the command's return, when its change is committed.
        #expect(try deployment.cli(["client", "remove", "other"]).status == 0)
        since = Date()
        let removed = try Self.bitBecomes(1, third, on: deployment.nodes, since: since, timeout: 3)
        #expect(removed.delays.allSatisfy { $0.map { $0 <= TestTiming.bound(2) } == true }, "client remove: \(removed.delays)")

        // client disable --revoke-tokens, for a token node 1 issued.
        let pausedSecret = try deployment.addClient("paused", scopes: ["read"], audiences: ["api"])
        let fourth = try issued(deployment.nodes[1].token("paused", pausedSecret))
        #expect(try deployment.cli(["client", "disable", "paused", "--revoke-tokens"]).status == 0)
        since = Date()
        let disabled = try Self.bitBecomes(1, fourth, on: deployment.nodes, since: since, timeout: 3)
        #expect(disabled.delays.allSatisfy { $0.map { $0 <= TestTiming.bound(2) } == true }, "client disable --revoke-tokens: \(disabled.delays)")
    }
}
