import Foundation
import Glibc
import Testing
import TesseraTesting

/// Secrets stay secret: with debug logging on, every kind of traffic the suites send (tokens by
/// Basic and by post, fast and PBKDF2 hashes, wrong secrets, malformed credentials, introspection
/// and revocation calls with tokens, reloads with good and broken configs) leaves no secret,
/// secret hash, HS256 key or token in the server's output, nor in any error it answers.
@Suite(.serialized)
struct SecretLeakTests {
    static let hs256Secret = "hs256-MARKER-secret-of-at-least-thirty-two-bytes"

    @Test func debugLogsAndErrorsNeverContainSecretsHashesOrTokens() throws {
        var setup = ServerSetup(
            sections: [
                "tokens": ["algorithm: HS256", "reuse: false"],
                "keys": [#"hs256_secret: "${TESSERA_LEAK_HS}""#],
            ],
            clients: [
                try .generated("fast", scopes: ["read", "write"], audiences: ["api"]),
                try .hashed("slow", secret: "slow-MARKER-chosen secret", scopes: ["read"], audiences: ["api"]),
            ],
            environment: ["TESSERA_LOG_LEVEL": "debug", "TESSERA_LEAK_HS": Self.hs256Secret]
        )
        // A gateway client allowed to introspect (ServerSetup has no `introspect` key: appended).
        let gateway = try TestClient.generated("gateway", scopes: ["read"], audiences: ["api"])
        let gatewayYAML = """
              - id: gateway
                secret_hash: \(ServerSetup.quoted(gateway.secretHash))
                scopes: [read]
                audiences: [api]
                introspect: true

            """
        let directory = try TemporaryDirectory(prefix: "tessera-leak")
        try Data((setup.yaml() + gatewayYAML).utf8).write(to: directory.file("config.yaml"))
        let server = try TesseraProcess.start(
            arguments: ["serve", "--config", directory.file("config.yaml").path, "--listen", "127.0.0.1:0"],
            directory: directory, setup: setup)
        defer { server.stop() }
        var secrets: Set<String> = [Self.hs256Secret]
        var answers: [HTTPResponse] = []
        for client in setup.clients {
            secrets.insert(client.secret)
            secrets.insert(client.secretHash)
            // Each part of the PHC string ($alg$[params$]salt$hash) of at least 16 characters.
            for part in client.secretHash.split(separator: "$") where part.count >= 16 { secrets.insert(String(part)) }
        }

        var tokens: [String] = []
        for client in setup.clients {
            for request in [TokenRequest.basic(client), TokenRequest.post(client), TokenRequest.basic(client, scope: "read")] {
                let response = try server.send(request.text)
                #expect(response.status == 200, "\(response)")
                if let token = (try? JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])?["access_token"] as? String {
                    tokens.append(token)
                }
            }
            var wrong = client
            wrong.secret = "wrong-MARKER-\(client.id)"
            secrets.insert(wrong.secret)
            answers.append(try server.send(TokenRequest.basic(wrong).text))
            answers.append(try server.send(TokenRequest.post(wrong).text))
            answers.append(try server.send(TokenRequest(.both(id: client.id, secret: client.secret)).text))
        }
        // Malformed credentials that carry secret-looking bytes.
        secrets.insert("wrong-MARKER-gateway")
        let garbled = "garbled-MARKER-credentials"
        secrets.insert(garbled)
        answers.append(try server.send("POST /oauth/token HTTP/1.1\r\nHost: a\r\nAuthorization: Basic \(garbled)\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\ngrant_type=client_credentials"))
        answers.append(try server.send("POST /oauth/token HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer \(garbled)\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\ngrant_type=client_credentials"))
        let badPercent = "client_id=fast&client_secret=\(garbled)%zz&grant_type=client_credentials"
        var percent = TokenRequest()
        percent.rawBody = badPercent
        answers.append(try server.send(percent.text))
        secrets.formUnion([gateway.secret, gateway.secretHash])
        // Tokens sent back to the gateway endpoints, whole and tampered, by their owner, by the
        // gateway and by a wrong secret; then revoked by their owner and introspected again.
        let slowTokens = Set(tokens.suffix(3))
        for token in tokens {
            let owner = slowTokens.contains(token) ? setup.client("slow") : setup.client("fast")
            for (path, caller, secret) in [
                ("/oauth/introspect", "gateway", gateway.secret), ("/oauth/introspect", "gateway", "wrong-MARKER-gateway"),
                ("/oauth/introspect", owner.id, owner.secret), ("/oauth/revoke", "gateway", gateway.secret),
                ("/oauth/revoke", owner.id, owner.secret), ("/oauth/introspect", "gateway", gateway.secret),
            ] {
                for sent in [token + "x", token] {
                    var request = TokenRequest(.basic(id: caller, secret: secret), form: [("token", sent)])
                    request.path = path
                    let response = try server.send(request.text)
                    if path == "/oauth/introspect" && caller == "gateway" && secret == gateway.secret {
                        #expect(response.status == 200, "introspection by the gateway: \(response)")
                    }
                    answers.append(response)
                }
            }
            secrets.insert(token)
            let parts = token.split(separator: ".")
            for part in parts.dropFirst() { secrets.insert(String(part)) }  // the header alone is no secret
        }

        // Reloads: a good one (a new client), then broken ones that hold secret-looking values.
        let added = try TestClient.generated("added", scopes: ["read"], audiences: ["api"])
        setup.clients.append(added)
        secrets.formUnion([added.secret, added.secretHash])
        try Data((setup.yaml() + gatewayYAML).utf8).write(to: server.configURL)
        kill(server.pid, SIGHUP)
        try waitFor { try server.send(TokenRequest.basic(added).text).status == 200 }
        let badHash = "$pbkdf2-sha256$i=600000$badsalt-MARKER-0123456789$badhash-MARKER-0123456789"
        let shortKey = "short-MARKER-key"
        secrets.formUnion([badHash, "badsalt-MARKER-0123456789", "badhash-MARKER-0123456789", shortKey])
        for broken in [
            (setup.yaml() + gatewayYAML).replacingOccurrences(of: added.secretHash, with: badHash),
            (setup.yaml() + gatewayYAML).replacingOccurrences(of: "${TESSERA_LEAK_HS}", with: shortKey),
            setup.yaml() + gatewayYAML + "  - id: [\"\(added.secret)\"\n",
        ] {
            try Data(broken.utf8).write(to: server.configURL)
            // Wait for this reload's own refusal line: any other stderr line (a debug line, half
            // a line) could end the wait early, and a SIGHUP sent before the last one is handled
            // folds into it, so one refusal would be logged for two reloads.
            let before = server.stderr.components(separatedBy: "level=error").count
            kill(server.pid, SIGHUP)
            try waitFor { server.stderr.components(separatedBy: "level=error").count > before }
        }
        #expect(server.isRunning)
        let exit = server.stop(removeDirectory: false)
        defer { server.directory.remove() }
        #expect(exit != nil, "the server did not stop on SIGTERM")

        let output = server.stdout + server.stderr
        #expect(output.contains("level=debug") || output.contains("level=info"), "no log lines at all: \(output.prefix(500))")
        let refusals = output.components(separatedBy: "level=error").count - 1
        #expect(refusals >= 3, "the three broken reloads were not all logged: \(output)")
        for secret in secrets.sorted() {
            #expect(!output.contains(secret), "server output contains \(secret.prefix(12))…")
            for answer in answers {
                #expect(!answer.body.contains(secret), "an error answer contains \(secret.prefix(12))…: \(answer.status)")
            }
        }
    }

    private func waitFor(_ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("condition not met within 15 s")
    }
}
