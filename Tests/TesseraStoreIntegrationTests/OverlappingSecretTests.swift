import Foundation
import Testing
import TesseraTesting

/// `client rotate-secret --keep-old`: the previous secret keeps working on every node until its
/// expiry and is refused from then on, with or without Redis; using it is counted and warned about.
@Suite(.requires(Services.running, Services.skipMessage))
struct OverlappingSecretTests {
    @Test func theOldSecretWorksUntilItsExpiryThenFailsOnBothNodesSharingRedis() throws {
        let redis = try PrivateRedis()
        let fixture = try CLIFixture.migrated(redis: redis.url)
        defer { fixture.done() }
        let id = Services.unique("overlap")
        let old = try fixture.addClient(id)
        let a = try fixture.serve()
        defer { a.stop() }
        let b = try fixture.serve()
        defer { b.stop() }
        try #require(a.waitUntilSubscribed() && b.waitUntilSubscribed(), "\(a.stderr)\n\(b.stderr)")
        #expect(try a.token(id: id, secret: old).status == 200)

        let rotated = try fixture.tessera(["client", "rotate-secret", id, "--keep-old", "2s"])
        try #require(rotated.status == 0, "\(rotated.stderr)")
        let new = try #require(rotated.stdoutLines.first)
        let rotatedAt = Date()
        // Once both nodes have the new secret, the old one still works on both.
        let overlap = eventually(timeout: 1.0, interval: 0.02) {
            let statuses = (try? concurrently(4) { i in try [a, b][i % 2].token(id: id, secret: i < 2 ? new : old).status }) ?? []
            return statuses == [200, 200, 200, 200]
        }
        #expect(overlap, "both secrets should work on both nodes during the overlap")
        let metrics = try a.fetch("/metrics").body
        #expect(metrics.contains("tessera_client_previous_secret_used_total "), "\(metrics)")
        #expect(!metrics.contains("tessera_client_previous_secret_used_total 0\n"), "the old secret's use was not counted")
        func warnings() -> Int { a.stderr.components(separatedBy: "msg=\"previous secret used\" client_id=\(id) expires_at=20").count - 1 }
        _ = eventually(timeout: 1.0, interval: 0.02) { warnings() > 0 }  // the log line lands after the answer
        let warned = warnings()
        #expect(warned == 1, "one warning a minute per client, got \(warned):\n\(a.stderr)")
        #expect(!a.stderr.contains(old) && !a.stderr.contains(new), "a secret was logged")

        // From its expiry on, the old secret is refused on both nodes; the new one goes on.
        let refused = eventually(timeout: 3.0, interval: 0.05) {
            let statuses = (try? concurrently(2) { i in try [a, b][i].token(id: id, secret: old).status }) ?? []
            return statuses == [401, 401]
        }
        #expect(refused, "the old secret still works after its expiry")
        #expect(Date().timeIntervalSince(rotatedAt) >= 0.9, "the old secret stopped before its overlap ended")
        #expect(try b.token(id: id, secret: new).status == 200)
    }

    @Test func theOldSecretExpiresOnBothNodesOfAPostgreSQLOnlyPair() throws {
        let fixture = try CLIFixture.proxied(localTTL: "1s")
        defer { fixture.done() }
        let id = Services.unique("overlap-pg")
        let old = try fixture.addClient(id)
        let a = try fixture.serve()
        defer { a.stop() }
        let b = try fixture.serve()
        defer { b.stop() }
        let rotated = try fixture.tessera(["client", "rotate-secret", id, "--keep-old", "3s"])
        try #require(rotated.status == 0, "\(rotated.stderr)")
        let new = try #require(rotated.stdoutLines.first)
        let overlap = eventually(timeout: 1.5, interval: 0.05) {
            let statuses = (try? concurrently(4) { i in try [a, b][i % 2].token(id: id, secret: i < 2 ? new : old).status }) ?? []
            return statuses == [200, 200, 200, 200]
        }
        #expect(overlap, "both secrets should work on both nodes during the overlap")
        let refused = eventually(timeout: 3.5, interval: 0.05) {
            let statuses = (try? concurrently(2) { i in try [a, b][i].token(id: id, secret: old).status }) ?? []
            return statuses == [401, 401]
        }
        #expect(refused, "the old secret still works after its expiry")
    }
}
