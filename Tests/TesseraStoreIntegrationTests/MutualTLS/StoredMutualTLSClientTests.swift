import TesseraTesting
import Foundation
import Testing

/// Clients registered with `tessera client add --tls-san-dns / --tls-subject / --self-signed-cert`
/// (migration 5), shown by `client show`, and authenticating by certificate against a node that
/// reads them from PostgreSQL, then from the Redis client cache.
@Suite(.serialized, .requires(Services.running, Services.skipMessage))
struct StoredMutualTLSClientTests {
    @Test func certificateClientsRoundTripThroughTheCLIPostgreSQLAndRedis() throws {
        #expect(TLSClients.pythonAvailable, "python3 is missing")
        let certs = try MutualTLSCertificates.get()
        let redis = try Services.redis()
        let fixture = try CLIFixture(redis: redis)
        defer { fixture.done() }
        let migrated = try fixture.tessera(["migrate"])
        #expect(migrated.status == 0 && migrated.stdout.contains("5"), "\(migrated.stdout) \(migrated.stderr)")

        let common = ["--scope", "read", "--audience", "api"]
        let bySAN = try fixture.tessera(["client", "add", "by-san", "--tls-san-dns", "svc.example", "--introspect"] + common)
        #expect(bySAN.status == 0 && bySAN.stdout.isEmpty, "no secret is generated: \(bySAN.stdout) \(bySAN.stderr)")
        let byDN = try fixture.tessera(["client", "add", "by-dn", "--tls-subject", "CN=svc,O=Example"] + common)
        #expect(byDN.status == 0, "\(byDN.stderr)")
        let bySelf = try fixture.tessera(["client", "add", "by-self", "--self-signed-cert", certs.path("self.pem")] + common)
        #expect(bySelf.status == 0, "\(bySelf.stderr)")

        let show = try fixture.tessera(["client", "show", "by-san"])
        #expect(show.stdout.contains("tls_client_auth: san_dns=svc.example") && show.stdout.contains("secret_hash: none"), "\(show.stdout)")
        let showSelf = try fixture.tessera(["client", "show", "by-self"])
        #expect(showSelf.stdout.contains("self_signed_certificate: \(try certs.thumbprint("self"))"), "\(showSelf.stdout)")

        let twoNames = try fixture.tessera(["client", "add", "x", "--tls-san-dns", "a", "--tls-subject", "CN=a"] + common)
        #expect(twoNames.status == 2, "\(twoNames.stderr)")
        let noFile = try fixture.tessera(["client", "add", "x", "--self-signed-cert", certs.path("missing.pem")] + common)
        #expect(noFile.status == 2 && noFile.stderrLines.count == 1, "\(noFile.stderr)")
        let notACertificate = try fixture.tessera(["client", "add", "x", "--self-signed-cert", certs.path("self.key")] + common)
        #expect(notACertificate.status == 2, "\(notACertificate.stderr)")

        var config = TierConfig.yaml(redis: redis, database: fixture.database.url, keys: fixture.directory.file("keys").path)
        config += "server:\n  tls:\n    certificate: \(certs.path("server.pem"))\n    private_key: \(certs.path("server.key"))\n"
        config += "    client_ca: \(certs.path("ca.pem"))\n"
        func request(_ id: String, _ certificate: String?) -> MutualTLSClient.Request {
            MutualTLSClient.Request(body: "grant_type=client_credentials&client_id=\(id)", certificate: certificate.map { certs.path($0) })
        }
        // The first node reads PostgreSQL (and fills Redis); the second, Redis, and its first
        // request is an introspection by certificate (the client lookup leaves the I/O thread).
        var firstToken = ""
        for node in 0..<2 {
            let server = try TesseraProcess.start(config: config)
            defer { server.stop() }
            if node == 1 {
                var introspect = MutualTLSClient.Request(path: "/oauth/introspect", body: "token=\(firstToken)&client_id=by-san")
                introspect.certificate = certs.path("client")
                let looked = try MutualTLSClient.send(port: server.port, ca: certs.path("ca.pem"), introspect)
                #expect(looked.json["active"] as? Bool == true, "\(looked.status) \(looked.body)")
                #expect(looked.json["cnf"] as? [String: String] == ["x5t#S256": try certs.thumbprint("client")])
            }
            let answers = try MutualTLSClient.send(port: server.port, ca: certs.path("ca.pem"), [
                request("by-san", "client"), request("by-dn", "client"), request("by-self", "self"),
                request("by-san", "svc2"), request("by-self", "self2"), request("by-san", nil),
            ])
            #expect(answers.map(\.status) == [200, 200, 200, 401, 401, 401], "node \(node): \(answers.map(\.body)) \(server.stderr)")
            if node == 0 { firstToken = answers[0].accessToken ?? "" }
        }
    }
}
