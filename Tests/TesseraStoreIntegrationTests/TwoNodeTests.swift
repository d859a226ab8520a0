import Foundation
import Glibc
import Testing
import TesseraTesting

/// Two `tessera serve` processes on one Redis and one PostgreSQL: what one node learns, the other
/// applies within a second.
@Suite(.requires(Services.running, Services.skipMessage))
struct TwoNodeTests {
    @Test func twoNodesShareReuseRevocationsAndRemovals() throws {
        // A Redis of this test's own: every node that starts anywhere drops the client entries of
        // the Redis it subscribes to, and the shared one has other tests' nodes starting on it.
        let redis = try PrivateRedis()
        let fixture = try CLIFixture.migrated(redis: redis.url)
        defer { fixture.done() }
        let id = Services.unique("node-client")
        let secret = try fixture.addClient(id)
        let a = try fixture.serve()
        defer { a.stop() }
        let b = try fixture.serve()  // same key directory, created by a
        defer { b.stop() }
        try #require(a.waitUntilSubscribed() && b.waitUntilSubscribed(), "\(a.stderr)\n\(b.stderr)")

        // Cold on A: Redis then PostgreSQL, named in Server-Timing.
        let first = try a.token(id: id, secret: secret)
        try #require(first.status == 200, "\(first.status) \(first.body) \(a.stderr)")
        let timing = first.header("Server-Timing") ?? ""
        #expect(timing.contains("local;") && timing.contains("redis;") && timing.contains("postgres;"), "Server-Timing: \(timing)")

        // Reuse across nodes: B hands out A's token.
        let fromB = try b.token(id: id, secret: secret)
        #expect(fromB.status == 200, "\(fromB.status) \(fromB.body) \(b.stderr)")
        #expect(fromB.accessToken == first.accessToken, "B signed its own token instead of reusing A's")
        #expect(!(fromB.header("Server-Timing") ?? "").contains("postgres"), "B found the client in Redis")
        let againA = try a.token(id: id, secret: secret)
        #expect(againA.accessToken == first.accessToken)

        // A revocation on A is seen by B within a second.
        let token = try #require(first.accessToken)
        let before = try b.introspect(token, as: (id, secret))
        #expect(before.status == 200 && before.json["active"] as? Bool == true, "\(before.body)")
        let revoked = try a.revoke(token, as: (id, secret))
        #expect(revoked.status == 200, "\(revoked.status) \(revoked.body)")
        let seen = eventually(timeout: 1.0, interval: 0.02) {
            (try? b.introspect(token, as: (id, secret)))?.json["active"] as? Bool == false
        }
        #expect(seen, "B still calls the revoked token active after 1 s")
        let fresh = try b.token(id: id, secret: secret)
        #expect(fresh.status == 200 && fresh.accessToken != token, "a revoked token was handed out again")

        // A removed client is refused by both within a second.
        #expect(try fixture.tessera(["client", "remove", id]).status == 0)
        let refused = eventually(timeout: 1.0, interval: 0.02) {
            (try? a.token(id: id, secret: secret))?.status == 401 && (try? b.token(id: id, secret: secret))?.status == 401
        }
        #expect(refused, "a removed client still gets tokens after 1 s")
    }

    @Test func aRotatedSecretIsRefusedEverywhereWithinASecond() throws {
        let fixture = try CLIFixture.migrated(redis: try Services.redis())
        defer { fixture.done() }
        let id = Services.unique("rotating")
        let old = try fixture.addClient(id)
        let node = try fixture.serve()
        defer { node.stop() }
        let before = try node.token(id: id, secret: old)
        #expect(before.status == 200, "\(before.status) \(before.body) \(node.stderr)")
        let rotated = try fixture.tessera(["client", "rotate-secret", id])
        let new = try #require(rotated.stdoutLines.first)
        #expect(eventually(timeout: 1.0, interval: 0.02) { (try? node.token(id: id, secret: old))?.status == 401 }, "the old secret still works")
        #expect(try node.token(id: id, secret: new).status == 200)
    }

    @Test func aStoredClientWithAChosenSecretIsLookedUpAndHashedInOneTripOffTheIOThread() throws {
        let fixture = try CLIFixture.migrated(redis: try Services.redis())
        defer { fixture.done() }
        let id = Services.unique("chosen")
        let added = try fixture.tessera(["client", "add", id, "--secret-stdin", "--scope", "read", "--audience", "api"],
                                        stdin: "a secret someone chose\n")
        #expect(added.status == 0, "\(added.stderr)")
        let node = try fixture.serve()
        defer { node.stop() }
        let first = try node.token(id: id, secret: "a secret someone chose")
        #expect(first.status == 200, "\(first.status) \(first.body)")
        let timing = first.header("Server-Timing") ?? ""
        #expect(timing.contains("postgres;") && timing.contains("hash;"), "Server-Timing: \(timing)")
        let wrong = try node.token(id: id, secret: "another secret")
        #expect(wrong.status == 401)
        let second = try node.token(id: id, secret: "a secret someone chose")
        #expect(second.status == 200 && !(second.header("Server-Timing") ?? "").contains("hash"), "the verification was not memoized")
    }
}
