import Foundation
import Glibc
import Testing
import TesseraTesting

/// `server.tls` on the real binary, with Python's ssl module and curl as clients.
@Suite(.serialized, .requires(TLSClients.installed, "python3 and curl are needed (scripts/test installs them)"))
struct TLSEndToEndTests {
    /// The certificates of this suite's server, copied so a test can replace them.
    static func setup(folder: TemporaryDirectory, minVersion: String = "1.2", clientCA: Bool = false) throws -> ServerSetup {
        let certs = try TestCertificates.get()
        for name in ["server.pem", "server.key"] {
            try? FileManager.default.removeItem(at: folder.file(name))
            try FileManager.default.copyItem(atPath: certs.path(name), toPath: folder.file(name).path)
        }
        var lines = ["tls:", "  certificate: \(folder.file("server.pem").path)", "  private_key: \(folder.file("server.key").path)",
                     "  min_version: \"\(minVersion)\""]
        if clientCA { lines.append("  client_ca: \(certs.caCertificate)") }
        return ServerSetup(sections: ["server": lines], clients: [try .generated("first", scopes: ["read"], audiences: ["api"])])
    }

    static func withServer(minVersion: String = "1.2", clientCA: Bool = false,
                           _ body: (TesseraProcess, TemporaryDirectory, TestCertificates) throws -> Void) throws {
        #expect(TLSClients.pythonAvailable, "python3 is missing")
        #expect(TLSClients.curlAvailable, "curl is missing")
        let folder = try TemporaryDirectory(prefix: "tessera-tls")
        defer { folder.remove() }
        let server = try TesseraProcess.start(try setup(folder: folder, minVersion: minVersion, clientCA: clientCA))
        defer { server.stop() }
        #expect(server.stdout.contains("tessera listening on https://127.0.0.1:\(server.port)"))
        try body(server, folder, try TestCertificates.get())
        #expect(server.isRunning, "stderr: \(server.stderr)")
    }

    @Test func pythonHandshakesWithALPNAndBothVersions() throws {
        try Self.withServer { server, _, certs in
            for (maxVersion, expected) in [("1.3", "TLSv1.3"), ("1.2", "TLSv1.2")] {
                let result = try #require(try TLSClients.python(port: server.port, ca: certs.caCertificate, maxVersion: maxVersion).first)
                #expect(result["status"] as? Int == 200, "\(result)")
                #expect(result["version"] as? String == expected)
                #expect(result["alpn"] as? String == "http/1.1")
            }
        }
    }

    @Test(arguments: ["1.3", "1.2"])
    func pythonResumesItsSession(maxVersion: String) throws {
        try Self.withServer { server, _, certs in
            let results = try TLSClients.python(port: server.port, ca: certs.caCertificate, maxVersion: maxVersion, connections: 3)
            #expect(results.map { $0["status"] as? Int } == [200, 200, 200], "\(results)")
            #expect(results.map { $0["reused"] as? Bool } == [false, true, true])
        }
    }

    @Test func curlWithAndWithoutAClientCertificate() throws {
        try Self.withServer(clientCA: true) { server, _, certs in
            #expect(try TLSClients.curl(port: server.port, ca: certs.caCertificate) == (0, "200 1.1"))
            for name in ["client", "self", "expired"] {
                let result = try TLSClients.curl(port: server.port, ca: certs.caCertificate,
                                                 extra: ["--cert", certs.path("\(name).pem"), "--key", certs.path("\(name).key")])
                #expect(result == (0, "200 1.1"), "\(name): \(result)")
            }
            let python = try #require(try TLSClients.python(port: server.port, ca: certs.caCertificate, certificate: certs.path("self")).first)
            #expect(python["status"] as? Int == 200, "\(python)")
        }
    }

    @Test func minimumVersion13RefusesTLS12() throws {
        try Self.withServer(minVersion: "1.3") { server, _, certs in
            let old = try #require(try TLSClients.python(port: server.port, ca: certs.caCertificate, maxVersion: "1.2").first)
            #expect(old["error"] != nil, "\(old)")
            #expect(try TLSClients.curl(port: server.port, ca: certs.caCertificate, extra: ["--tls-max", "1.2"]).status != 0)
            let modern = try #require(try TLSClients.python(port: server.port, ca: certs.caCertificate).first)
            #expect(modern["version"] as? String == "TLSv1.3")
        }
    }

    @Test func sighupPresentsTheNewCertificateAndABadOneIsRefused() throws {
        try Self.withServer { server, folder, certs in
            let kept = try #require(try TLSClients.python(port: server.port, ca: certs.caCertificate).first)
            #expect(kept["organization"] as? String == "server")
            for name in ["pem", "key"] {
                try FileManager.default.removeItem(at: folder.file("server.\(name)"))
                try FileManager.default.copyItem(atPath: certs.path("server2.\(name)"), toPath: folder.file("server.\(name)").path)
            }
            kill(server.pid, SIGHUP)
            var organization: String?
            let deadline = Date().addingTimeInterval(5)
            while organization != "server2", Date() < deadline {
                organization = try TLSClients.python(port: server.port, ca: certs.caCertificate).first?["organization"] as? String
                if organization != "server2" { usleep(100_000) }
            }
            #expect(organization == "server2", "new handshakes still get the old certificate")

            try Data("not a certificate".utf8).write(to: folder.file("server.pem"))
            kill(server.pid, SIGHUP)
            var logged = false
            let logDeadline = Date().addingTimeInterval(5)
            while !logged, Date() < logDeadline {
                logged = server.stderr.contains("reload refused") && server.stderr.contains(folder.file("server.pem").path)
                if !logged { usleep(100_000) }
            }
            #expect(logged, "stderr: \(server.stderr)")
            let after = try #require(try TLSClients.python(port: server.port, ca: certs.caCertificate).first)
            #expect(after["organization"] as? String == "server2")
            #expect(after["status"] as? Int == 200)
        }
    }

    @Test func garbageAndPlainHTTPAreClosedWhileOthersAreServed() throws {
        try Self.withServer { server, _, certs in
            for garbage in ["GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", String(repeating: "\u{16}\u{03}\u{01}\u{ff}\u{ff}", count: 50)] {
                let raw = try RawClient(port: server.port)
                try raw.write(garbage)
                #expect(raw.waitForClose(timeout: 5), "the TLS port kept a connection that sent no ClientHello")
                // At most a TLS alert record (content type 21), never an HTTP response.
                #expect(raw.buffer.isEmpty || raw.buffer.first == 21, "not a TLS alert: \(raw.buffer.prefix(8))")
            }
            let result = try #require(try TLSClients.python(port: server.port, ca: certs.caCertificate).first)
            #expect(result["status"] as? Int == 200)
        }
    }

    @Test func halfFinishedHandshakeDoesNotStallOthers() throws {
        try Self.withServer { server, _, certs in
            var stalled: [RawClient] = []
            for _ in 0..<8 {
                let raw = try RawClient(port: server.port)
                try raw.write("\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}")
                stalled.append(raw)
            }
            let started = Date()
            let results = try TLSClients.python(port: server.port, ca: certs.caCertificate, connections: 3)
            #expect(results.map { $0["status"] as? Int } == [200, 200, 200], "\(results)")
            #expect(Date().timeIntervalSince(started) < 5)
            _ = stalled
        }
    }

    @Test(arguments: ["missing", "garbage", "mismatched"])
    func unusableCertificateStopsTheStartWithExit2NamingTheFile(problem: String) throws {
        let certs = try TestCertificates.get()
        let folder = try TemporaryDirectory(prefix: "tessera-tls-bad")
        defer { folder.remove() }
        var certificate = certs.serverCertificate
        var key = certs.serverKey
        var culprit = certificate
        switch problem {
        case "missing":
            certificate = folder.file("nope.pem").path
            culprit = certificate
        case "garbage":
            try Data("garbage".utf8).write(to: folder.file("garbage.pem"))
            certificate = folder.file("garbage.pem").path
            culprit = certificate
        default:
            key = certs.unrelatedKey
            culprit = key
        }
        let config = folder.file("config.yaml")
        try Data("server:\n  tls:\n    certificate: \(certificate)\n    private_key: \(key)\nkeys:\n  directory: ./keys\n".utf8).write(to: config)
        let outcome = try TesseraBinary.run(["serve", "--config", config.path, "--listen", "127.0.0.1:0"], currentDirectory: folder.url, timeout: 15)
        #expect(outcome.status == 2, "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains("server.tls: \(culprit): "), "stderr: \(outcome.stderr)")
    }
}
