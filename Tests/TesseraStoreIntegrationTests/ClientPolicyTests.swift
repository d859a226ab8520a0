import Foundation
import Testing
import TesseraTesting

/// `client update`, `client disable`/`enable`: every node applies them within 1 s; bad changes
/// are refused and change nothing.
@Suite(.requires(Services.running, Services.skipMessage))
struct ClientPolicyTests {
    @Test func updateReachesBothNodesWithinASecondWithAFreshToken() throws {
        let redis = try PrivateRedis()
        let fixture = try CLIFixture.migrated(redis: redis.url)
        defer { fixture.done() }
        let id = Services.unique("policy")
        let secret = try fixture.addClient(id)
        let a = try fixture.serve()
        defer { a.stop() }
        let b = try fixture.serve()
        defer { b.stop() }
        try #require(a.waitUntilSubscribed() && b.waitUntilSubscribed(), "\(a.stderr)\n\(b.stderr)")
        let first = try a.token(id: id, secret: secret)
        #expect(first.status == 200 && first.json["scope"] as? String == "read write", "\(first)")

        // Narrower scope and a ttl of its own: a fresh token with both, on either node.
        let updated = try fixture.tessera(["client", "update", id, "--scope", "read", "--token-ttl", "600s"])
        #expect(updated.status == 0, "\(updated.stderr)")
        let narrowed = eventually(timeout: 1.0, interval: 0.02) {
            (try? concurrently(2) { i in try [a, b][i].token(id: id, secret: secret) })?.allSatisfy {
                $0.json["scope"] as? String == "read" && $0.json["expires_in"] as? Int == 600
            } == true
        }
        #expect(narrowed, "the update did not reach both nodes within 1 s")
        let fresh = try b.token(id: id, secret: secret)
        #expect(fresh.accessToken != first.accessToken, "the token of the wider grant was handed out again")
        let claims = try DecodedJWT(try #require(fresh.accessToken)).claims
        #expect((claims["exp"] as? Int).map { $0 - (claims["iat"] as? Int ?? 0) } == 600, "\(claims)")
        #expect(try a.token(id: id, secret: secret).accessToken == fresh.accessToken, "reuse goes on under the new registration")

        // The ttl alone changed: a fresh token again, on either node, also when the ttl is too
        // short for reuse_min_remaining (never handed out again).
        #expect(try fixture.tessera(["client", "update", id, "--token-ttl", "90s"]).status == 0)
        let shorter = eventually(timeout: 1.0, interval: 0.02) {
            (try? concurrently(2) { i in try [a, b][i].token(id: id, secret: secret) })?.allSatisfy {
                $0.json["expires_in"] as? Int == 90 && $0.accessToken != fresh.accessToken
            } == true
        }
        #expect(shorter, "a ttl change did not give a fresh token on both nodes within 1 s")
    }

    @Test func disableAndEnableReachBothNodesWithinASecond() throws {
        let redis = try PrivateRedis()
        let fixture = try CLIFixture.migrated(redis: redis.url)
        defer { fixture.done() }
        let id = Services.unique("disable")
        let secret = try fixture.addClient(id)
        let gateway = Services.unique("gateway")
        let gatewaySecret = try fixture.addClient(gateway)
        let a = try fixture.serve()
        defer { a.stop() }
        let b = try fixture.serve()
        defer { b.stop() }
        try #require(a.waitUntilSubscribed() && b.waitUntilSubscribed(), "\(a.stderr)\n\(b.stderr)")
        let token = try #require(try a.token(id: id, secret: secret).accessToken)

        // Disabled: every endpoint of both nodes refuses it, saying why.
        #expect(try fixture.tessera(["client", "disable", id]).status == 0)
        // All at once: each 401 is held the refusal floor (seconds on a loaded machine), so a round
        // may end long after it began; every round begun after the 1 s bound must be refused whole.
        // The wrong secret is not told the client is disabled.
        let bound = Date().addingTimeInterval(TestTiming.bound(1))
        var replies: [HTTPResponse] = []
        var refused = false
        repeat {
            let begun = Date()
            replies = try concurrently(6) { i -> HTTPResponse in
                let node = [a, b][i % 2]
                switch i {
                case 0, 1: return try node.token(id: id, secret: secret)
                case 2, 3: return try node.introspect(token, as: (id, secret))
                case 4: return try node.revoke(token, as: (id, secret))
                default: return try node.token(id: id, secret: "not-the-secret")
                }
            }
            refused = replies.allSatisfy { $0.status == 401 && $0.error == "invalid_client" }
                && replies.prefix(5).allSatisfy { $0.json["error_description"] as? String == "client is disabled" }
                && replies[5].json["error_description"] as? String != "client is disabled"
            if begun >= bound { break }
        } while !refused
        #expect(refused, "a disabled client was served 1 s on, or a wrong secret was told it is disabled: \(replies)")

        #expect(try fixture.tessera(["client", "enable", id]).status == 0)
        let enabled = eventually(timeout: 1.0, interval: 0.02) {
            (try? concurrently(2) { i in try [a, b][i].token(id: id, secret: secret).status }) == [200, 200]
        }
        #expect(enabled, "an enabled client was still refused after 1 s")

        // disable --revoke-tokens: its tokens die too.
        let live = try #require(try a.token(id: id, secret: secret).accessToken)
        #expect(try fixture.tessera(["client", "disable", id, "--revoke-tokens"]).status == 0)
        let dead = eventually(timeout: 1.0, interval: 0.02) {
            (try? concurrently(2) { i in try [a, b][i].introspect(live, as: (gateway, gatewaySecret)) })?.allSatisfy {
                $0.json["active"] as? Bool == false
            } == true
        }
        #expect(dead, "a token of a client disabled with --revoke-tokens is still active")
    }

    @Test func badClientChangesAreRefusedAndChangeNothing() throws {
        let hash = try Secrets.generate().hash
        let fixture = try CLIFixture(redis: nil, extra: "clients:\n  - id: fixed\n    secret_hash: \"\(hash)\"\n    audiences: [api]\n")
        defer { fixture.done() }
        #expect(try fixture.tessera(["migrate"]).status == 0)
        _ = try fixture.addClient("svc")

        let unknown = try fixture.tessera(["client", "update", "nobody", "--scope", "read"])
        #expect(unknown.status == 2 && unknown.stderrLines.count == 1 && unknown.stderr.contains("no client \"nobody\""), "\(unknown.stderr)")
        let fixed = try fixture.tessera(["client", "update", "fixed", "--scope", "read"])
        #expect(fixed.status == 2 && fixed.stderrLines.count == 1 && fixed.stderr.contains("static client"), "\(fixed.stderr)")
        #expect(try fixture.tessera(["client", "disable", "fixed"]).status == 2)
        #expect(try fixture.tessera(["client", "disable", "nobody"]).status == 2)
        #expect(try fixture.tessera(["client", "enable", "nobody"]).status == 2)
        #expect(try fixture.tessera(["client", "enable", "fixed"]).status == 2)
        let tooLong = try fixture.tessera(["client", "update", "svc", "--token-ttl", "25h", "--scope", "read"])
        #expect(tooLong.status == 2 && tooLong.stderr.contains("token_ttl") && tooLong.stderr.contains("max_ttl"), "\(tooLong.stderr)")
        let addTooLong = try fixture.tessera(["client", "add", "svc2", "--audience", "api", "--token-ttl", "25h"])
        #expect(addTooLong.status == 2, "\(addTooLong.stderr)")
        #expect(try fixture.tessera(["client", "update", "svc"]).status == 2, "an update naming nothing")
        #expect(try fixture.tessera(["client", "rotate-secret", "svc", "--keep-old", "-1s"]).status == 2)
        #expect(try fixture.tessera(["client", "rotate-secret", "svc", "--keep-old", "soon"]).status == 2)
        let show = try fixture.tessera(["client", "show", "svc"])
        #expect(show.stdout.contains("scopes: read write") && show.stdout.contains("token_ttl: default"), "nothing half-applied: \(show.stdout)")

        // A sixth secret drops the oldest; --keep-old 0s stops the previous ones at once.
        for _ in 1...5 { #expect(try fixture.tessera(["client", "rotate-secret", "svc", "--keep-old", "1h"]).status == 0) }
        let five = try fixture.tessera(["client", "show", "svc"]).stdoutLines.filter { $0.hasPrefix("secret[") }
        #expect(five.count == 5 && five[0] == "secret[0]: expires_at=never" && five[4].hasPrefix("secret[4]: expires_at=20"), "\(five)")
        #expect(try fixture.tessera(["client", "rotate-secret", "svc", "--keep-old", "0s"]).status == 0)
        let one = try fixture.tessera(["client", "show", "svc"]).stdoutLines.filter { $0.hasPrefix("secret[") }
        #expect(one == ["secret[0]: expires_at=never"], "\(one)")
    }
}
