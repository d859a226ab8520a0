import TesseraTesting
import Foundation
import Testing

/// A certificate-bound token revoked on node A left its shared reuse entry in Redis
/// (A named the unbound grant's key), and node B handed the revoked token out in 1 of 20 rounds,
/// whenever it read Redis before the revocation message reached it. The deterministic check: the
/// entry is gone once A has answered the revocation, and B, whose local caches miss, signs anew.
@Suite(.serialized, .requires(Services.running, Services.skipMessage))
struct BoundTokenTwoNodeTests {
    @Test func aBoundTokenRevokedOnOneNodeLeavesNothingInRedisForTheOther() throws {
        #expect(TLSClients.pythonAvailable, "python3 is missing")
        let certs = try MutualTLSCertificates.get()
        let redis = try PrivateRedis()
        let fixture = try CLIFixture.migrated(redis: redis.url)
        defer { fixture.done() }
        let added = try fixture.tessera(["client", "add", "by-san", "--tls-san-dns", "svc.example", "--scope", "read", "--audience", "api"])
        try #require(added.status == 0, "\(added.stderr)")

        var config = TierConfig.yaml(redis: redis.url, database: fixture.database.url, keys: fixture.directory.file("keys").path)
        config += "server:\n  tls:\n    certificate: \(certs.path("server.pem"))\n    private_key: \(certs.path("server.key"))\n"
        config += "    client_ca: \(certs.path("ca.pem"))\n"
        let a = try TesseraProcess.start(config: config)
        defer { a.stop() }
        try #require(a.waitUntilSubscribed(), "\(a.stderr)")
        let b = try TesseraProcess.start(config: config)
        defer { b.stop() }
        try #require(b.waitUntilSubscribed(), "\(b.stderr)")

        let ca = certs.path("ca.pem")
        let tokenRequest = MutualTLSClient.Request(body: "grant_type=client_credentials&client_id=by-san", certificate: certs.path("client"))
        let issued = try MutualTLSClient.send(port: a.port, ca: ca, tokenRequest)
        let token = try #require(issued.accessToken, "\(issued.status) \(issued.body) \(a.stderr)")
        let probe = try RedisProbe(port: redis.port)
        let entries = try probe.keys("tessera:reuse:*")
        #expect(entries.count == 1 && entries.allSatisfy { $0.hasSuffix(try! certs.thumbprint("client")) }, "\(entries)")

        var revoke = MutualTLSClient.Request(path: "/oauth/revoke", body: "token=\(token)&client_id=by-san")
        revoke.certificate = certs.path("client")
        let revoked = try MutualTLSClient.send(port: a.port, ca: ca, revoke)
        try #require(revoked.status == 200, "\(revoked.status) \(revoked.body)")
        #expect(try probe.keys("tessera:reuse:*").isEmpty, "the revoked bound token is still offered to every node in Redis")

        let fromB = try MutualTLSClient.send(port: b.port, ca: ca, tokenRequest)
        #expect(fromB.status == 200 && fromB.accessToken != nil && fromB.accessToken != token, "B handed out the revoked token")
    }
}
