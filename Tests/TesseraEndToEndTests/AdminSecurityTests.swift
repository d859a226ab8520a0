import Foundation
import Testing
import TesseraJOSE
import TesseraTesting

/// The admin listener without a database: who it refuses (and audits), that the public listener
/// answers nothing under /admin/, that `admin.metrics` moves /metrics, client writes answering
/// `no_client_store`, and the audit trail kept in a file under `state.directory`.
@Suite struct AdminSecurityTests {
    static let admin = try! TestClient.generated("ops", scopes: ["tessera:admin"], audiences: ["tessera-admin", "other"])
    static let plain = try! TestClient.generated("app", scopes: ["read"], audiences: ["api"])

    /// A token with `claims` changed, signed by `key`.
    static func reSigned(_ token: String, key: Ed25519PrivateKey, _ change: (inout [String: Any]) -> Void) throws -> String {
        var claims = try DecodedJWT(token).claims
        change(&claims)
        let json = String(decoding: try JSONSerialization.data(withJSONObject: claims), as: UTF8.self)
        return TokenForge.token(header: TokenForge.header(kid: key.keyID.value), claims: json, sign: TokenForge.ed25519(key))
    }

    @Test func refusedCallsAreAuditedAndNothingLeaksOntoThePublicListener() throws {
        let setup = ServerSetup(sections: [
            "admin": [#"listen: "127.0.0.1:0""#, "metrics: true"], "state": ["directory: ./state"],
            "tokens": ["reuse: false"],  // the revoked admin token must not be the good one handed back
            "keys": ["rotation:", "  every: 2s", "  publish_ahead: 2s"],
        ], clients: [Self.admin, Self.plain])
        let server = try TesseraProcess.start(setup)
        defer { server.stop() }
        let port = try #require(AdminCaller.port(in: server.stdout), "\(server.stdout)")
        let good = try AdminCaller.token(port: server.port, id: "ops", secret: Self.admin.secret, scope: "tessera:admin")
        let now = Int(Date().timeIntervalSince1970)
        let own = try #require(try KeyDirectory.load(path: server.directory.file("keys").path, now: Int64(now))
            .first?.privateKey as? Ed25519PrivateKey)
        let revoked = try AdminCaller.token(port: server.port, id: "ops", secret: Self.admin.secret, scope: "tessera:admin")
        let revocation = try HTTPExchange.send(port: server.port, method: "POST", path: "/oauth/revoke",
                                               headers: [HTTPExchange.basic("ops", Self.admin.secret)], body: "token=\(revoked)")
        #expect(revocation.status == 200)
        let refused: [(String, String?)] = [
            ("none", nil),
            ("other issuer", try Self.reSigned(good, key: try Ed25519PrivateKey.generate()) { $0["iss"] = "https://other.test" }),
            ("expired", try Self.reSigned(good, key: own) { $0["iat"] = now - 120; $0["exp"] = now - 60 }),
            ("revoked", revoked),
            ("wrong audience", try AdminCaller.token(port: server.port, id: "ops", secret: Self.admin.secret, scope: "tessera:admin",
                                                    audience: "other")),
            ("non-admin client", try AdminCaller.token(port: server.port, id: "app", secret: Self.plain.secret, scope: "read", audience: "api")),
        ]
        let replies = try concurrently(refused.count) { try AdminCaller(port: port, token: refused[$0].1).send("GET", "/admin/clients") }
        for (index, reply) in replies.enumerated() {
            #expect(reply.status == 401 && reply.header("WWW-Authenticate")?.hasPrefix("Bearer") == true,
                    "\(refused[index].0): \(reply) \(reply.headers)")
        }
        let api = AdminCaller(port: port, token: good)

        // The public listener answers nothing under /admin/, and /metrics moved to the admin one.
        let publicReplies = try concurrently(3) { index in
            try HTTPExchange.send(port: server.port, method: ["GET", "POST", "GET"][index], path: ["/admin/clients", "/admin/keys/rotate", "/metrics"][index],
                                  headers: [("Authorization", "Bearer \(good)")])
        }
        #expect(publicReplies.map(\.status) == [404, 404, 404], "\(publicReplies)")
        let metrics = try api.send("GET", "/metrics")
        #expect(metrics.status == 200 && metrics.body.contains("tessera_"), "\(metrics)")

        // Without a database: every client write is 409 no_client_store, whatever its body (none is
        // read); over server.max_body_bytes every write is 413; static clients are listed and read.
        let writes: [(String, String, String?)] = [
            ("POST", "/admin/clients", #"{"audiences":["api"]}"#), ("POST", "/admin/clients", "{}"),
            ("PUT", "/admin/clients/x", #"{"audiences":["api"]}"#), ("PATCH", "/admin/clients/x", "{}"), ("DELETE", "/admin/clients/x", nil),
            ("POST", "/admin/clients/x/secrets", nil), ("POST", "/admin/clients/x/disable", nil), ("POST", "/admin/clients/x/enable", nil),
        ]
        let huge = #"{"scope":""# + String(repeating: "a", count: 20_000) + #""}"#
        let answers = try concurrently(writes.count * 2) { index in
            let (method, path, body) = writes[index % writes.count]
            return try api.send(method, path, json: index < writes.count ? body : huge)
        }
        #expect(answers.prefix(writes.count).allSatisfy { $0.status == 409 && $0.error == "no_client_store" }, "\(answers)")
        #expect(answers.suffix(writes.count).allSatisfy { $0.status == 413 }, "\(answers)")
        let list = try api.send("GET", "/admin/clients")
        #expect(AdminCaller.objects(list, "clients").compactMap { $0["client_id"] as? String } == ["app", "ops"], "\(list)")
        #expect(!list.body.contains("pbkdf2") && !list.body.contains(Self.admin.secretHash))
        #expect(try api.send("GET", "/admin/clients/app").header("ETag") != nil)
        #expect(try api.send("DELETE", "/admin/clients/app").status == 409)
        let badQuery = try api.send("GET", "/admin/audit?since=yesterday")
        #expect(badQuery.status == 400 && badQuery.error == "invalid_request", "\(badQuery)")

        // Every refusal is a record (admin.denied) in the file under state.directory, and logged.
        let denied = try api.send("GET", "/admin/audit?action=admin.denied")
        let records = AdminCaller.objects(denied, "records")
        #expect(records.count == refused.count && records.allSatisfy { $0["result"] as? String == "denied" }, "\(denied)")
        #expect(Set(records.compactMap { $0["actor"] as? String }).isSuperset(of: ["ops", "app"]), "\(denied)")
        let file = try String(contentsOf: server.directory.file("state/audit.jsonl"), encoding: .utf8)
        #expect(file.split(separator: "\n").count >= refused.count + 2, "\(file)")
        #expect(server.stderr.contains("msg=audit"), "no msg=audit log line")

        // A scheduled rotation is a record too (actor scheduler).
        let scheduled = eventually(timeout: 6, interval: 0.1) {
            let reply = try? api.send("GET", "/admin/audit?action=key.scheduled&actor=scheduler")
            return reply.map { !AdminCaller.objects($0, "records").isEmpty } ?? false
        }
        #expect(scheduled, "no key.scheduled record: \(server.stderr.suffix(2000))")
    }
}
