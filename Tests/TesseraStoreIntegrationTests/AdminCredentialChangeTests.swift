import Foundation
import Testing
import TesseraJOSE
import TesseraTesting

/// PUT / PATCH of a client's way of authenticating through the admin API: the auth method, its
/// keys and its certificate names are stored (every column, under the If-Match version), reach
/// the nodes that cached the client, and the audit record names each changed field.
@Suite(.requires(Services.running, Services.skipMessage))
struct AdminCredentialChangeTests {
    static func jwks(_ key: P256PrivateKey) -> String {
        var jwk: [UInt8] = []
        key.verifier.jwk.appendJSON(to: &jwk)
        return #"{"keys":[\#(String(decoding: jwk, as: UTF8.self))]}"#
    }

    static func assertionToken(_ node: TesseraProcess, _ key: P256PrivateKey, _ id: String) throws -> HTTPResponse {
        try HTTPExchange.send(port: node.port, method: "POST", path: "/oauth/token", basic: nil,
                           body: PrivateKeyJWTStoreTests.body(try PrivateKeyJWTStoreTests.assertion(key, client: id)))
    }

    static func changes(_ api: AdminCaller, _ id: String) throws -> [String: Any] {
        let audit = try api.send("GET", "/admin/audit?target=\(id)&action=client.update&limit=1")
        return AdminCaller.objects(audit, "records").first?["changes"] as? [String: Any] ?? [:]
    }

    @Test func aSecretClientPatchedToPrivateKeyJWTAuthenticatesByKeyOnBothNodesAndNoLongerBySecret() throws {
        let cluster = try AdminAPITests.Cluster()
        defer { cluster.close() }
        let (a, b) = (cluster.a, cluster.b)
        let api = a.admin
        let id = Services.unique("by-key")

        let creation = try api.send("POST", "/admin/clients", json: #"{"client_id":"\#(id)","scope":"read","audiences":["api"]}"#)
        let secret = try #require(creation.json["client_secret"] as? String, "\(creation)")
        // Both nodes hold the client (with its secret) in their caches before it changes.
        let cached = try concurrently(2) { try [a, b][$0].serve.token(id: id, secret: secret) }
        try #require(cached.allSatisfy { $0.status == 200 }, "\(cached)")

        // If-Match compares strongly (a weak tag never matches); several fields are one list.
        let key = try P256PrivateKey.generate()
        let change = #"{"token_endpoint_auth_method":"private_key_jwt","jwks":\#(Self.jwks(key))}"#
        let created = creation.header("ETag") ?? ""
        let weak = try api.send("PATCH", "/admin/clients/\(id)", json: change, headers: [("If-Match", "W/" + created)])
        #expect(weak.status == 412, "\(weak)")
        let patched = try api.send("PATCH", "/admin/clients/\(id)", json: change,
                                   headers: [("If-Match", created), ("If-Match", #""999999""#)])
        #expect(patched.status == 200 && patched.json["token_endpoint_auth_method"] as? String == "private_key_jwt", "\(patched)")
        #expect(patched.json["jwks"] is [String: Any] && patched.json["client_secret"] == nil, "\(patched)")
        let byKey = eventually(timeout: 2.0, interval: 0.02) {
            [a, b].allSatisfy { (try? Self.assertionToken($0.serve, key, id))?.status == 200 }
        }
        #expect(byKey, "an assertion signed by the patched-in key got no token on both nodes")
        let bySecret = try concurrently(2) { try [a, b][$0].serve.token(id: id, secret: secret) }
        #expect(bySecret.map(\.status) == [401, 401], "the secret of a client moved to private_key_jwt still works: \(bySecret)")
        let changes = try Self.changes(api, id)
        #expect(changes["token_endpoint_auth_method"] as? [String] == ["client_secret_basic", "private_key_jwt"], "\(changes)")
        let thumbprint = key.keyID.value
        #expect((changes["jwks"] as? [Any])?.last as? String == thumbprint && changes["secret"] as? String == "(changed)", "\(changes)")

        // A GET's body sent back as a PUT changes nothing; a method beside another's credentials is refused.
        let current = try api.send("GET", "/admin/clients/\(id)")
        let etag = current.header("ETag") ?? ""
        let refusals = try concurrently(2) { index in
            try api.send("PATCH", "/admin/clients/\(id)", json: [
                #"{"token_endpoint_auth_method":"tls_client_auth","tls_client_auth_subject_dn":"CN=svc"}"#,
                #"{"token_endpoint_auth_method":"client_secret_basic"}"#,
            ][index], headers: [("If-Match", etag)])
        }
        #expect(refusals.allSatisfy { $0.status == 400 && $0.error == "invalid_client_metadata" && $0.body.contains("jwks") }, "\(refusals)")
        let roundTrip = try api.send("PUT", "/admin/clients/\(id)", json: current.body, headers: [("If-Match", etag)])
        #expect(roundTrip.status == 200 && roundTrip.json["token_endpoint_auth_method"] as? String == "private_key_jwt", "\(roundTrip)")
        #expect(roundTrip.header("ETag") == etag, "an unchanged client got a new version: \(roundTrip)")

        // Back to a secret: one is issued (shown only here) and works; the key no longer does.
        let back = try api.send("PATCH", "/admin/clients/\(id)", json: #"{"token_endpoint_auth_method":"client_secret_basic","jwks":null}"#,
                                headers: [("If-Match", "*")])
        let issued = try #require(back.json["client_secret"] as? String, "\(back)")
        #expect(back.status == 200 && back.json["client_secret_expires_at"] as? Int == 0 && issued != secret, "\(back)")
        #expect(eventually(timeout: 2.0, interval: 0.02) { (try? b.serve.token(id: id, secret: issued))?.status == 200 })
        #expect(try Self.assertionToken(b.serve, key, id).status == 401)
        let audit = try api.send("GET", "/admin/audit?target=\(id)&limit=1000")
        #expect(!audit.body.contains(issued) && !audit.body.contains(secret), "a secret reached the audit trail")
    }

    /// RFC 7591: the secret method a client registered with is the one told back (create, GET,
    /// after a PATCH, in the audit record), on the node that did not write it too; the secret
    /// works sent either way, and moving between the two secret methods issues no new secret.
    @Test func theSecretMethodRegisteredIsTheOneToldBack() throws {
        let cluster = try AdminAPITests.Cluster()
        defer { cluster.close() }
        let (a, b) = (cluster.a, cluster.b)
        let id = Services.unique("by-post")

        let created = try a.admin.send("POST", "/admin/clients", json: #"""
            {"client_id":"\#(id)","scope":"read","audiences":["api"],"token_endpoint_auth_method":"client_secret_post"}
            """#)
        let secret = try #require(created.json["client_secret"] as? String, "\(created)")
        #expect(created.status == 201 && created.json["token_endpoint_auth_method"] as? String == "client_secret_post", "\(created)")
        let read = try b.admin.send("GET", "/admin/clients/\(id)")
        #expect(read.json["token_endpoint_auth_method"] as? String == "client_secret_post", "\(read)")
        let answers = try [b.serve.token(id: id, secret: secret).status, b.serve.send(TokenRequest(.post(id: id, secret: secret))).status]
        #expect(answers == [200, 200], "the secret sent by Basic, then in the body: \(answers)")

        let patched = try a.admin.send("PATCH", "/admin/clients/\(id)", json: #"{"token_endpoint_auth_method":"client_secret_basic"}"#,
                                       headers: [("If-Match", read.header("ETag") ?? "")])
        #expect(patched.status == 200 && patched.json["token_endpoint_auth_method"] as? String == "client_secret_basic", "\(patched)")
        #expect(patched.json["client_secret"] == nil, "moving between the secret methods issued a new secret: \(patched)")
        #expect(try Self.changes(a.admin, id)["token_endpoint_auth_method"] as? [String] == ["client_secret_post", "client_secret_basic"])
        #expect(try b.admin.send("GET", "/admin/clients/\(id)").json["token_endpoint_auth_method"] as? String == "client_secret_basic")
        #expect(try b.serve.token(id: id, secret: secret).status == 200, "the secret stopped working after the method changed")
    }

    @Test func aPatchedSubjectDNDecidesWhichCertificateAuthenticates() throws {
        #expect(TLSClients.pythonAvailable, "python3 is missing")
        let certs = try MutualTLSCertificates.get()
        let redis = try PrivateRedis()
        let admin = try TestClient.generated("admin-\(Services.unique("a"))", scopes: ["tessera:admin"], audiences: ["tessera-admin"])
        let reader = try TestClient.generated("reader-\(Services.unique("r"))", scopes: ["tessera:admin:read"], audiences: ["tessera-admin"])
        let tls = "server:\n  tls:\n    certificate: \(certs.path("server.pem"))\n    private_key: \(certs.path("server.key"))\n"
            + "    client_ca: \(certs.path("ca.pem"))\n"
        let fixture = try CLIFixture.migrated(redis: redis.url, extra: AdminAPITests.adminConfig(admin, reader) + tls)
        defer { fixture.done() }
        let node = try fixture.serve()
        defer { node.stop() }
        try #require(node.waitUntilSubscribed(), "\(node.stderr)")
        let ca = certs.path("ca.pem")
        let adminPort = try #require(AdminCaller.port(in: node.stdout), "\(node.stdout)")
        let basic = HTTPExchange.basic(admin.id, admin.secret)
        let granted = try MutualTLSClient.send(port: node.port, ca: ca, MutualTLSClient.Request(
            body: "grant_type=client_credentials&scope=tessera%3Aadmin&audience=tessera-admin", headers: [basic.0: basic.1]))
        let adminToken = granted.accessToken ?? ""
        try #require(!adminToken.isEmpty, "\(granted.status) \(granted.body)")
        let api = AdminCaller(port: adminPort, token: adminToken)

        let id = Services.unique("by-dn")
        let created = try api.send("POST", "/admin/clients", json: #"""
            {"client_id":"\#(id)","scope":"read","audiences":["api"],"token_endpoint_auth_method":"tls_client_auth","tls_client_auth_subject_dn":"CN=svc2,O=Example"}
            """#)
        #expect(created.status == 201 && created.json["client_secret"] == nil, "\(created)")
        func requests() -> [MutualTLSClient.Request] {
            ["client", "svc2"].map { MutualTLSClient.Request(body: "grant_type=client_credentials&client_id=\(id)", certificate: certs.path($0)) }
        }
        let before = try MutualTLSClient.send(port: node.port, ca: ca, requests())
        #expect(before.map(\.status) == [401, 200], "\(before.map(\.body))")

        let patched = try api.send("PATCH", "/admin/clients/\(id)", json: #"{"tls_client_auth_subject_dn":"CN=svc,O=Example"}"#,
                                   headers: [("If-Match", created.header("ETag") ?? "")])
        #expect(patched.status == 200 && patched.json["tls_client_auth_subject_dn"] as? String == "CN=svc,O=Example", "\(patched)")
        var last: [Int] = []
        let moved = eventually(timeout: 2.0, interval: 0.05) {
            last = (try? MutualTLSClient.send(port: node.port, ca: ca, requests()))?.map(\.status) ?? []
            return last == [200, 401]
        }
        #expect(moved, "the patched subject DN was not what authenticated: \(last)")
        let changes = try AdminCredentialChangeTests.changes(api, id)
        #expect(changes["tls_client_auth_subject_dn"] as? [String] == ["CN=svc2,O=Example", "CN=svc,O=Example"], "\(changes)")
    }
}
