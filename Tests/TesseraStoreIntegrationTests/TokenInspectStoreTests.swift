import Foundation
import Testing
import TesseraTesting

/// `token inspect` with PostgreSQL configured reads the revocations and cuts the nodes recorded
/// there (rule 2), so a revoked token is not called valid.
@Suite(.requires(Services.running, Services.skipMessage), .timeLimit(.minutes(2)))
struct TokenInspectStoreTests {
    @Test func aRevokedOrCutTokenIsInvalidAndAFreshOneIsCheckedInPostgreSQL() throws {
        let fixture = try CLIFixture.migrated(redis: nil)
        defer { fixture.done() }
        let secret = try fixture.addClient("svc")
        let node = try fixture.serve()
        defer { node.stop() }
        let first = try #require(try node.token(id: "svc", secret: secret).accessToken)
        let fresh = try fixture.tessera(["token", "inspect", first])
        #expect(fresh.status == 0 && fresh.stdout.contains("revocation: not revoked (checked PostgreSQL)"), "\(fresh)")

        #expect(try node.revoke(first, as: ("svc", secret)).status == 200)
        let revoked = try fixture.tessera(["token", "inspect", first])
        #expect(revoked.status == 1 && revoked.stderrLines.count == 1, "\(revoked)")
        #expect(revoked.stdout.contains("invalid: token revoked"), "\(revoked.stdout)")

        let second = try #require(try node.token(id: "svc", secret: secret).accessToken)
        #expect(second != first)
        #expect(try fixture.tessera(["client", "revoke-tokens", "svc"]).status == 0)
        let cut = try fixture.tessera(["token", "inspect", second])
        #expect(cut.status == 1, "\(cut)")
        #expect(cut.stdout.contains("invalid: every token of client \"svc\" issued up to"), "\(cut.stdout)")
    }

    /// Redis without PostgreSQL: the revocation is read from Redis.
    @Test func aTokenRevokedInRedisIsInvalid() throws {
        let id = Services.unique("inspect")
        let client = try TestClient.generated(id, scopes: ["read"], audiences: ["api"])
        var setup = ServerSetup(clients: [client])
        setup.sections["cache"] = ["redis:", "  url: \"\(try Services.redis())\""]
        let node = try TesseraProcess.start(config: setup.yaml())
        defer { node.stop() }
        let token = try #require(try node.token(id: id, secret: client.secret).accessToken)
        #expect(try node.revoke(token, as: (id, client.secret)).status == 200)
        let revoked = try TesseraBinary.run(["token", "inspect", token, "--config", node.directory.file("config.yaml").path], timeout: 30)
        #expect(revoked.status == 1, "\(revoked)")
        #expect(revoked.stdout.contains("invalid: token revoked") && revoked.stdout.contains("recorded in Redis"), "\(revoked.stdout)")
    }
}
