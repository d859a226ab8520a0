import Foundation
import Testing
import TesseraTesting

/// Contract rule 4 across tiers: what PostgreSQL holds is what every node reads back
/// through Redis. A scope `read\x1eadmin` written around the CLI was one scope in PostgreSQL and,
/// read back through the Redis cache (fields joined by U+001E), the two scopes `read` and `admin`
/// on every other node. Now such a client is unusable on every node, and look-alike scopes stay two.
@Suite(.serialized, .requires(Services.running, Services.skipMessage))
struct ControlCharacterRowTests {
    /// Node A reads PostgreSQL and fills Redis; node B (started after, so its caches are cold)
    /// reads Redis.
    func twoNodes(_ fixture: CLIFixture) throws -> (TesseraProcess, TesseraProcess) {
        let a = try fixture.serve()
        guard a.waitUntilSubscribed() else {
            a.stop()
            throw HarnessError.unexpected("A did not subscribe: \(a.stderr)")
        }
        let b = try fixture.serve()
        guard b.waitUntilSubscribed() else {
            a.stop()
            b.stop()
            throw HarnessError.unexpected("B did not subscribe: \(b.stderr)")
        }
        return (a, b)
    }

    @Test func aScopeHoldingAControlCharacterIsNeverSplitIntoAnotherGrant() throws {
        let redis = try PrivateRedis()
        let fixture = try CLIFixture.migrated(redis: redis.url)
        defer { fixture.done() }
        let secret = try fixture.addClient("split", ["--scope", "read", "--audience", "api"])
        _ = try fixture.database.query(#"UPDATE tessera_clients SET scopes = ARRAY[E'read\x1eadmin'] WHERE id = 'split'"#)
        let (a, b) = try twoNodes(fixture)
        defer { a.stop(); b.stop() }

        let fromA = try a.token(id: "split", secret: secret)
        #expect(fromA.status == 401 && fromA.json["error"] as? String == "invalid_client",
                "A (from PostgreSQL): \(fromA.status) \(fromA.body)")
        let probe = try RedisProbe(port: redis.port)
        #expect(try probe.dump("tessera:client:split").contains("read\u{1E}admin"), "A filled Redis with the row as it is")
        for extra in ["", "&scope=admin", "&scope=read"] {
            let fromB = try b.token(id: "split", secret: secret, extra: extra)
            #expect(fromB.status == 401, "B (from Redis) with \(extra.debugDescription): \(fromB.status) \(fromB.body)")
            #expect(!(fromB.json["scope"] as? String ?? "").contains("admin"), "B granted admin: \(fromB.body)")
        }
    }

    @Test func canonicallyEquivalentScopesAreTwoScopesOnEveryNode() throws {
        let redis = try PrivateRedis()
        let fixture = try CLIFixture.migrated(redis: redis.url)
        defer { fixture.done() }
        let secret = try fixture.addClient("accents", ["--scope", "read", "--audience", "api"])
        // U+00E9 and e + U+0301: canonically equivalent, different bytes.
        _ = try fixture.database.query(#"UPDATE tessera_clients SET scopes = ARRAY[U&'\00E9', U&'e\0301'] WHERE id = 'accents'"#)
        let (a, b) = try twoNodes(fixture)
        defer { a.stop(); b.stop() }

        for (name, node) in [("A", a), ("B", b)] {
            let all = try node.token(id: "accents", secret: secret)
            #expect(all.status == 200, "\(name): \(all.status) \(all.body)")
            let scopes = (all.json["scope"] as? String ?? "").split(separator: " ").map { Array($0.utf8) }
            #expect(scopes == [Array("e\u{301}".utf8), Array("\u{E9}".utf8)], "\(name) granted \(all.body)")
        }
    }
}
