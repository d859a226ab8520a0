import Foundation
import Testing
import TesseraTesting

/// Logs and request ids as an operator sees them on stderr: every line starts with an RFC 3339
/// timestamp; one access line per request, including errors and requests the HTTP layer refused.
@Suite(.serialized)
struct AccessLogTests {
    static let timestamp = try! NSRegularExpression(pattern: #"^ts=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z level=(debug|info|warning|error) msg="#)

    static func accessLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.contains(" msg=request ") }
    }

    @Test func everyRequestGetsOneAccessLineWithItsRequestIDAndEveryLineATimestamp() throws {
        let alpha = try TestClient.generated("alpha", scopes: ["read"], audiences: ["api"])
        let server = try TesseraProcess.start(ServerSetup(clients: [alpha]))
        let ok = try server.send(.basic(alpha))
        var wrong = TokenRequest(.basic(id: "alpha", secret: "wrong"))
        wrong.extraHeaders = ["X-Request-Id: caller-chosen-42"]
        let unauthorized = try server.send(wrong)
        let notFound = try server.send(TokenRequest.simple("GET", "/nowhere", headers: ["X-Request-Id: " + String(repeating: "x", count: 129)]))
        let notAllowed = try server.send(TokenRequest.simple("GET", "/oauth/token", headers: ["X-Request-Id: has space"]))
        let malformed = try server.send("GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n")
        let exit = server.stop(removeDirectory: false)
        defer { server.directory.remove() }
        #expect(exit != nil)

        let responses = [ok, unauthorized, notFound, notAllowed, malformed]
        #expect(responses.map(\.status) == [200, 401, 404, 405, 400])
        for response in responses {
            let id = response.header("X-Request-Id") ?? ""
            #expect((1...128).contains(id.count), "every response carries X-Request-Id")
        }
        #expect(unauthorized.header("X-Request-Id") == "caller-chosen-42")
        #expect(notFound.header("X-Request-Id")?.contains("xxxx") == false, "an over-long id is replaced")
        #expect(notAllowed.header("X-Request-Id") != "has space", "an id with a space is replaced")

        let stderr = server.stderr
        for line in stderr.split(separator: "\n") {
            let text = String(line)
            #expect(Self.timestamp.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil, "\(text)")
        }
        // Lines of different I/O threads may interleave out of order: match them by request id.
        let all = Self.accessLines(stderr)
        #expect(all.count == responses.count, "\(stderr)")
        var lines: [String] = []
        for response in responses {
            let id = response.header("X-Request-Id") ?? "?"
            let matching = all.filter { $0.contains(" request_id=\(id) ") }
            #expect(matching.count == 1, "no single access line for \(id): \(stderr)")
            lines.append(matching.first ?? "")
        }
        for (line, response) in zip(lines, responses) {
            #expect(line.contains(" status=\(response.status) "), "\(line)")
            for key in ["method=", "path=", "duration_ms=", "bytes=", "trace_id=", "remote=127.0.0.1"] {
                #expect(line.contains(" \(key)"), "\(key) missing: \(line)")
            }
        }
        #expect(lines[0].contains(" method=POST path=/oauth/token ") && lines[0].contains(" client_id=alpha"))
        #expect(!lines[0].contains(" error="))
        #expect(lines[1].contains(" error=invalid_client") && lines[1].contains(" client_id=alpha"), "the id a failed login named")
        #expect(lines[2].contains(" error=not_found") && lines[2].contains(" path=/nowhere "))
        #expect(lines[3].contains(" error=method_not_allowed"))
        #expect(lines[4].contains(" error=invalid_request"))
        #expect(!stderr.contains(alpha.secret), "a secret reached the log")
    }

    /// A PBKDF2 secret is verified off the I/O thread and the response completed from there: it
    /// still carries X-Request-Id and gets its access line.
    @Test func aDeferredResponseCarriesItsRequestIDAndGetsItsLine() throws {
        let slow = try TestClient.hashed("slow", secret: "a slow secret to verify", scopes: ["read"], audiences: ["api"])
        let server = try TesseraProcess.start(ServerSetup(clients: [slow]))
        var request = TokenRequest.basic(slow)
        request.extraHeaders = ["X-Request-Id: deferred-1"]
        let response = try server.send(request)
        server.stop(removeDirectory: false)
        defer { server.directory.remove() }
        #expect(response.status == 200)
        #expect(response.header("X-Request-Id") == "deferred-1")
        #expect(response.headerCount("X-Request-Id") == 1)
        let lines = Self.accessLines(server.stderr).filter { $0.contains(" request_id=deferred-1 ") }
        #expect(lines.count == 1, "\(server.stderr)")
        #expect(lines.first?.contains(" status=200 ") == true && lines.first?.contains(" client_id=slow") == true)
        #expect(lines.first?.contains(" method=POST path=/oauth/token ") == true)
    }

    @Test func jsonFormatWritesOneObjectALineWithTheSameKeys() throws {
        let alpha = try TestClient.generated("alpha", scopes: ["read"], audiences: ["api"])
        let server = try TesseraProcess.start(ServerSetup(sections: ["logging": ["format: json"]], clients: [alpha]))
        _ = try server.send(.basic(alpha))
        server.stop(removeDirectory: false)
        defer { server.directory.remove() }
        var access: [String: Any]?
        for line in server.stderr.split(separator: "\n") {
            #expect(line.hasPrefix(#"{"ts":""#), "\(line)")
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["msg"] != nil)
            if object?["msg"] as? String == "request" { access = object }
        }
        #expect(access?["status"] as? Int == 200)
        #expect(access?["client_id"] as? String == "alpha")
        #expect(access?["path"] as? String == "/oauth/token")
    }

    @Test func accessLogCanBeTurnedOff() throws {
        let server = try TesseraProcess.start(ServerSetup(sections: ["logging": ["access: false"]]))
        _ = try server.get("/healthz")
        server.stop(removeDirectory: false)
        defer { server.directory.remove() }
        #expect(Self.accessLines(server.stderr).isEmpty)
    }

    @Test func anInvalidLogLevelInTheEnvironmentIsAConfigurationError() throws {
        let outcome = try TesseraBinary.run(["serve", "--listen", "127.0.0.1:0"], environment: ["TESSERA_LOG_LEVEL": "loud"], timeout: 20)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("TESSERA_LOG_LEVEL"), "\(outcome.stderr)")
    }

    @Test func versionNamesTheReleaseAndTheSourceRevision() throws {
        let pattern = try NSRegularExpression(pattern: #"^tessera [0-9A-Za-z.+-]+ \(([0-9a-f]{7,40}|unknown)\)\n$"#)
        for arguments in [["version"], ["--version"]] {
            let outcome = try TesseraBinary.run(arguments, timeout: 20)
            #expect(outcome.status == 0)
            #expect(pattern.firstMatch(in: outcome.stdout, range: NSRange(outcome.stdout.startIndex..., in: outcome.stdout)) != nil,
                    "\(arguments): \(outcome.stdout)")
        }
    }

    @Test func listenWithoutAnIssuerMovesTheDefaultIssuer() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-issuer")
        defer { directory.remove() }
        let config = directory.file("config.yaml")
        try Data("keys:\n  directory: ./keys\n".utf8).write(to: config)
        let server = try TesseraProcess.start(arguments: ["serve", "--config", config.path, "--listen", "127.0.0.1:0"],
                                              directory: directory, setup: ServerSetup())
        defer { server.stop(removeDirectory: false) }
        let metadata = try server.get("/.well-known/oauth-authorization-server").json
        #expect(metadata["issuer"] as? String == "http://127.0.0.1:\(server.port)")
    }
}
