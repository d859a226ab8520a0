import Foundation
import Glibc
import Testing
import TesseraTesting

/// The admin API end to end on two nodes sharing PostgreSQL and a Redis: every route, the audit
/// record each write leaves, and changes made through it reaching both nodes within a second.
@Suite(.requires(Services.running, Services.skipMessage))
struct AdminAPITests {
    struct Node {
        let serve: TesseraProcess
        let admin: AdminCaller
    }

    static func adminConfig(_ admin: TestClient, _ reader: TestClient) -> String {
        """
        admin:
          listen: "127.0.0.1:0"
        clients:
          - id: "\(admin.id)"
            secret_hash: "\(admin.secretHash)"
            scopes: ["tessera:admin"]
            audiences: ["tessera-admin"]
          - id: "\(reader.id)"
            secret_hash: "\(reader.secretHash)"
            scopes: ["tessera:admin:read"]
            audiences: ["tessera-admin"]

        """
    }

    /// Two admin-enabled nodes sharing PostgreSQL and a private Redis, both subscribed to it,
    /// with an admin client (`tessera:admin`) and a reader (`tessera:admin:read`). `close()`
    /// stops them and drops the database.
    final class Cluster {
        let redis: PrivateRedis
        let admin: TestClient
        let reader: TestClient
        let fixture: CLIFixture
        private(set) var nodes: [Node] = []
        var a: Node { nodes[0] }
        var b: Node { nodes[1] }

        init() throws {
            redis = try PrivateRedis()
            admin = try TestClient.generated("admin-\(Services.unique("a"))", scopes: ["tessera:admin"], audiences: ["tessera-admin"])
            reader = try TestClient.generated("reader-\(Services.unique("r"))", scopes: ["tessera:admin:read"], audiences: ["tessera-admin"])
            fixture = try CLIFixture.migrated(redis: redis.url, extra: AdminAPITests.adminConfig(admin, reader))
            do {
                for _ in 0..<2 { nodes.append(try AdminAPITests.start(fixture, admin: admin)) }
                try #require(nodes.allSatisfy { $0.serve.waitUntilSubscribed() })
            } catch {
                close()
                throw error
            }
        }

        func close() {
            for node in nodes { node.serve.stop() }
            fixture.done()
        }
    }

    static func start(_ fixture: CLIFixture, admin: TestClient) throws -> Node {
        let serve = try fixture.serve()
        // Until its recorded revocations are loaded a node answers 503, the admin API's reads too.
        try serve.waitReady()
        let port = try #require(AdminCaller.port(in: serve.stdout), "no admin listening line: \(serve.stdout)")
        let token = try AdminCaller.token(port: serve.port, id: admin.id, secret: admin.secret, scope: "tessera:admin")
        return Node(serve: serve, admin: AdminCaller(port: port, token: token))
    }

    @Test func everyRouteWorksOnBothNodesAndLeavesItsAuditRecord() throws {
        let cluster = try Cluster()
        defer { cluster.close() }
        let (a, b, admin, reader, fixture) = (cluster.a, cluster.b, cluster.admin, cluster.reader, cluster.fixture)
        let api = a.admin
        let id = Services.unique("api-client")

        // Create: RFC 7591 names, a generated secret shown once; tokens on both nodes within 1 s.
        let created = try api.send("POST", "/admin/clients", json: #"{"client_id":"\#(id)","scope":"read write","audiences":["api"]}"#)
        try #require(created.status == 201, "\(created)")
        let secret = try #require(created.json["client_secret"] as? String)
        #expect(created.json["client_secret_expires_at"] as? Int == 0)
        #expect(created.json["client_id_issued_at"] is Int, "\(created.body)")
        let both = eventually(timeout: 1.0, interval: 0.02) {
            (try? a.serve.token(id: id, secret: secret))?.status == 200 && (try? b.serve.token(id: id, secret: secret))?.status == 200
        }
        #expect(both, "a client created through the API did not get tokens on both nodes within 1 s")
        let wide = [try a.serve.token(id: id, secret: secret), try b.serve.token(id: id, secret: secret)]
        #expect(wide.allSatisfy { $0.json["scope"] as? String == "read write" }, "\(wide)")

        // Refusals of create: an existing id (a static one too), unknown or malformed members, bad JSON.
        let bodies = [
            #"{"client_id":"\#(id)","audiences":["api"]}"#, #"{"client_id":"\#(admin.id)","audiences":["api"]}"#,
            #"{"audiences":["api"],"colour":"red"}"#, #"{"audiences":"api"}"#, #"{"audiences":["api"]"#,
            #"{"client_id":"bad\u0001id","audiences":["api"]}"#,
        ]
        let refusals = try concurrently(bodies.count) { try api.send("POST", "/admin/clients", json: bodies[$0]) }
        #expect(refusals.map(\.status) == [409, 409, 400, 400, 400, 400], "\(refusals)")
        #expect(refusals[2].error == "invalid_client_metadata" && refusals[2].body.contains("colour"), "\(refusals[2])")
        #expect(refusals[3].body.contains("audiences") && refusals[4].error == "invalid_request", "\(refusals[3]) \(refusals[4])")

        // List with a cursor, never a secret or hash; read with an ETag.
        let page = try api.send("GET", "/admin/clients?limit=1")
        #expect(page.status == 200 && AdminCaller.objects(page, "clients").count == 1 && page.json["next"] is String, "\(page)")
        let all = try api.send("GET", "/admin/clients?limit=1000")
        #expect(AdminCaller.objects(all, "clients").contains { $0["client_id"] as? String == id }, "\(all)")
        #expect(!all.body.contains(secret) && !all.body.contains("secret_hash") && !all.body.contains("pbkdf2"), "\(all)")
        let read = try api.send("GET", "/admin/clients/\(id)")
        let etag = try #require(read.header("ETag"), "\(read)")
        #expect(read.status == 200 && read.json["client_secret"] == nil && read.json["client_id"] as? String == id, "\(read)")

        // PATCH under If-Match narrows the scope; reuse on both nodes stops handing out the wide token.
        let conditions: [[(String, String)]] = [[], [("If-Match", #""999999""#)]]
        let preconditions = try concurrently(2) { try api.send("PATCH", "/admin/clients/\(id)", json: #"{"scope":"read"}"#, headers: conditions[$0]) }
        #expect(preconditions.map(\.status) == [428, 412], "\(preconditions)")
        let patched = try api.send("PATCH", "/admin/clients/\(id)", json: #"{"scope":"read"}"#, headers: [("If-Match", etag)])
        #expect(patched.status == 200 && patched.json["scope"] as? String == "read" && patched.header("ETag") != etag, "\(patched)")
        let narrowed = eventually(timeout: 1.0, interval: 0.02) {
            [a, b].allSatisfy { (try? $0.serve.token(id: id, secret: secret))?.json["scope"] as? String == "read" }
        }
        #expect(narrowed, "a narrowed scope did not reach reuse on both nodes within 1 s")

        // PUT replaces; a static client is read-only.
        let current = try api.send("GET", "/admin/clients/\(id)")
        let put = try api.send("PUT", "/admin/clients/\(id)", json: #"{"scope":"read","audiences":["api"],"introspect":true,"token_ttl":600}"#,
                               headers: [("If-Match", current.header("ETag") ?? "")])
        #expect(put.status == 200 && put.json["introspect"] as? Bool == true && put.json["token_ttl"] as? Int == 600, "\(put)")
        let staticPut = try api.send("PATCH", "/admin/clients/\(admin.id)", json: #"{"scope":"x"}"#, headers: [("If-Match", #""0""#)])
        #expect(staticPut.status == 409, "\(staticPut)")

        // Secret rotation with overlap: both secrets work on both nodes.
        let rotated = try api.send("POST", "/admin/clients/\(id)/secrets", json: #"{"keep_old":"1h"}"#)
        let newSecret = try #require(rotated.json["client_secret"] as? String, "\(rotated)")
        #expect(rotated.status == 201)
        let overlap = eventually(timeout: 1.0, interval: 0.02) {
            [a, b].allSatisfy { (try? $0.serve.token(id: id, secret: newSecret))?.status == 200 }
        }
        let kept = try b.serve.token(id: id, secret: secret)
        #expect(overlap && kept.status == 200, "the new and the kept secret both work: \(kept)")

        // Disable / enable / revoke-tokens.
        let token = try #require(try a.serve.token(id: id, secret: newSecret).accessToken)
        #expect(try api.send("POST", "/admin/clients/\(id)/disable").status == 204)
        #expect(eventually(timeout: 2.0, interval: 0.02) { (try? b.serve.token(id: id, secret: newSecret))?.status == 401 })  // refusals are held ~0.3 s
        #expect(try api.send("POST", "/admin/clients/\(id)/enable").status == 204)
        #expect(eventually(timeout: 1.0, interval: 0.02) { (try? b.serve.token(id: id, secret: newSecret))?.status == 200 })
        #expect(try api.send("POST", "/admin/clients/\(id)/revoke-tokens").status == 204)
        let inactive = try b.serve.introspect(token, as: (id, newSecret))
        #expect(inactive.json["active"] as? Bool == false, "\(inactive)")

        // Keys: list, rotate.
        let keys = try api.send("GET", "/admin/keys")
        #expect(keys.status == 200 && AdminCaller.objects(keys, "keys").first?["state"] as? String == "signing", "\(keys)")
        let keyRotation = try api.send("POST", "/admin/keys/rotate")
        let kid = try #require(keyRotation.json["kid"] as? String, "\(keyRotation)")
        #expect(keyRotation.status == 201)

        // Read-only token: reads, never writes; a body over server.max_body_bytes is 413.
        let readOnly = AdminCaller(port: api.port, token: try AdminCaller.token(
            port: a.serve.port, id: reader.id, secret: reader.secret, scope: "tessera:admin:read"))
        let (readOK, writeRefused) = (try readOnly.send("GET", "/admin/clients/\(id)"), try readOnly.send("POST", "/admin/clients/\(id)/disable"))
        #expect(readOK.status == 200 && writeRefused.status == 403 && writeRefused.error == "insufficient_scope", "\(writeRefused)")
        let huge = try api.send("POST", "/admin/clients", json: #"{"scope":""# + String(repeating: "a", count: 20_000) + #""}"#)
        #expect(huge.status == 413, "\(huge)")

        // A CLI change is audited too.
        #expect(try fixture.tessera(["client", "disable", id]).status == 0)

        // Delete: 204, its tokens dead, then 404.
        #expect(try api.send("DELETE", "/admin/clients/\(id)").status == 204)
        #expect(eventually(timeout: 2.0, interval: 0.02) { (try? a.serve.token(id: id, secret: newSecret))?.status == 401 })
        #expect(try api.send("GET", "/admin/clients/\(id)").status == 404)

        // The audit trail: newest first, one record per write, secrets only as "(changed)".
        let audit = try api.send("GET", "/admin/audit?target=\(id)&limit=1000")
        let records = AdminCaller.objects(audit, "records")
        let actions = records.map { "\($0["action"] ?? "")/\($0["actor"] ?? "")/\($0["result"] ?? "")" }
        let cli = "cli:" + String(cString: getpwuid(geteuid())!.pointee.pw_name)
        #expect(actions == [
            "client.delete/\(admin.id)/ok", "client.disable/\(cli)/ok", "client.revoke_tokens/\(admin.id)/ok",
            "client.enable/\(admin.id)/ok", "client.disable/\(admin.id)/ok", "client.secret.rotate/\(admin.id)/ok",
            "client.update/\(admin.id)/ok", "client.update/\(admin.id)/ok", "client.update/\(admin.id)/error",
            "client.update/\(admin.id)/error", "client.create/\(admin.id)/error", "client.create/\(admin.id)/ok",
        ], "\(audit.body)")
        #expect(!audit.body.contains(secret) && !audit.body.contains(newSecret) && !audit.body.contains("pbkdf2"))
        let rotation = records.first { $0["action"] as? String == "client.secret.rotate" }
        #expect((rotation?["changes"] as? [String: Any])?["secret"] as? String == "(changed)", "\(String(describing: rotation))")
        let scopeChange = records.first { $0["action"] as? String == "client.update" && ($0["changes"] as? [String: Any])?["scopes"] != nil }
        #expect((scopeChange?["changes"] as? [String: Any])?["scopes"] as? [String] == ["read write", "read"], "\(audit.body)")
        let first = try api.send("GET", "/admin/audit?target=\(id)&limit=1")
        let older = try api.send("GET", "/admin/audit?target=\(id)&limit=1&after=\(first.json["next"] as? String ?? "")")
        #expect(AdminCaller.objects(older, "records").first?["action"] as? String == "client.disable", "\(older)")
        let keyRecords = AdminCaller.objects(try api.send("GET", "/admin/audit?action=key.rotate"), "records")
        #expect(keyRecords.first?["target"] as? String == kid && keyRecords.first?["actor"] as? String == admin.id, "\(keyRecords)")
        #expect(a.serve.stderr.contains("msg=audit"), "no msg=audit line")
    }
}
