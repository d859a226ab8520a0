import Foundation
import Testing
import TesseraTesting

/// The `tessera` command line: exit codes, one-line errors, secrets, signals.
@Suite struct CommandLineTests {
    @Test func serveWithMissingConfigExits2NamingTheFile() throws {
        let path = "/nonexistent/tessera-e2e/config.yaml"
        let outcome = try TesseraBinary.run(["serve", "--config", path, "--listen", "127.0.0.1:0"], timeout: 15)
        #expect(outcome.status == 2 && !outcome.signaled, "status \(outcome.status)")
        #expect(outcome.stderrLines.count == 1, "stderr: \(outcome.stderr.debugDescription)")
        #expect(outcome.stderr.contains(path), "stderr does not name the file: \(outcome.stderr)")
    }

    /// A bad line, and the key path the error must name.
    static let badConfigs: [(yaml: String, keyPath: String)] = [
        ("tokens:\n  tll: 1h\n", "tokens.tll"),
        ("bogus_section: 1\n", "bogus_section"),
        ("server:\n  max_connections: many\n", "server.max_connections"),
        ("tokens:\n  ttl: forever\n", "tokens.ttl"),
        ("keys:\n  hs256_secret: \"${TESSERA_E2E_SURELY_UNSET_VARIABLE}\"\n", "keys.hs256_secret"),
    ]

    @Test(arguments: badConfigs)
    func badConfigExits2WithOneLineNamingFileAndKeyPath(yaml: String, keyPath: String) throws {
        let directory = try TemporaryDirectory(prefix: "tessera-cli-config")
        defer { directory.remove() }
        let config = directory.file("config.yaml")
        try Data(("issuer: \"https://tessera.test\"\n" + yaml).utf8).write(to: config)
        let outcome = try TesseraBinary.run(
            ["serve", "--config", config.path, "--listen", "127.0.0.1:0"],
            timeout: 15
        )
        #expect(outcome.status == 2 && !outcome.signaled, "status \(outcome.status), stderr \(outcome.stderr)")
        #expect(outcome.stderrLines.count == 1, "stderr: \(outcome.stderr.debugDescription)")
        #expect(outcome.stderr.contains(keyPath), "stderr does not name \(keyPath): \(outcome.stderr)")
        #expect(outcome.stderr.contains("config.yaml"), "stderr does not name the file: \(outcome.stderr)")
    }

    @Test func secretGeneratePrintsASecretAndItsHash() throws {
        let first = try TesseraBinary.run(["secret", "generate"])
        #expect(first.status == 0)
        let lines = first.stdoutLines
        try #require(lines.count == 2, "stdout: \(first.stdout.debugDescription)")
        let secret = lines[0]
        let urlSafe = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(secret.count >= 43, "secret \(secret) is shorter than 256 bits of base64url")
        #expect(secret.unicodeScalars.allSatisfy(urlSafe.contains), "secret \(secret) is not URL-safe")
        #expect(lines[1].hasPrefix("$"), "hash \(lines[1]) is not PHC-style")
        #expect(!lines[1].contains(secret), "the hash line contains the secret")
        let second = try TesseraBinary.run(["secret", "generate"])
        #expect(second.stdoutLines.first != secret, "two generated secrets are equal")
    }

    @Test func secretHashReadsStdinAndPrintsOneHash() throws {
        let outcome = try TesseraBinary.run(["secret", "hash"], stdin: "abc\n")
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        #expect(outcome.stdoutLines.count == 1 && outcome.stdoutLines[0].hasPrefix("$"), "stdout: \(outcome.stdout.debugDescription)")
        #expect(!outcome.stdout.contains("abc"))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func stopSignalMakesServeExit0(signal: Int32) throws {
        let server = try TesseraProcess.start(ServerSetup(clients: [try .generated("c", scopes: ["read"], audiences: ["api"])]))
        defer { server.stop() }
        let idle = try RawClient(port: server.port)
        #expect(try idle.exchange(TokenRequest.simple("GET", "/healthz")).status == 200)
        let started = Date()
        let exit = server.stop(signal: signal, removeDirectory: true)
        let status = try #require(exit, "serve did not exit within 12 s of signal \(signal)")
        #expect(status.status == 0 && !status.signaled, "exit \(status)")
        #expect(Date().timeIntervalSince(started) < 11, "draining took longer than the 10 s bound")
    }

    @Test func serveWithoutConfigFileUsesBuiltInDefaults() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-cli-embedded")
        let server = try TesseraProcess.start(arguments: ["serve", "--listen", "127.0.0.1:0"], directory: directory, setup: ServerSetup())
        defer { server.stop() }
        #expect(try server.get("/healthz").status == 200)
        #expect(try server.get("/.well-known/jwks.json").status == 200)
    }

    @Test func relativeKeyDirectoryIsResolvedAgainstTheConfigFolder() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-cli-relative")
        let folder = directory.file("conf")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let setup = ServerSetup(clients: [try .generated("c", scopes: ["read"], audiences: ["api"])])
        try Data(setup.yaml().utf8).write(to: folder.appendingPathComponent("config.yaml"))
        let server = try TesseraProcess.start(
            arguments: ["serve", "--config", "conf/config.yaml", "--listen", "127.0.0.1:0"],
            directory: directory, setup: setup
        )
        defer { server.stop() }
        let keys = folder.appendingPathComponent("keys").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: keys)) ?? []
        #expect(!files.isEmpty, "no key generated in \(keys)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("keys").path), "keys created relative to the working directory")
    }
}

extension CommandLineTests {
    /// Without a config file the built-in `./keys` would be a new folder no server reads.
    @Test func keysRotateWithoutAConfigFileExits2AndCreatesNothing() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-cli-noconfig")
        defer { directory.remove() }
        let outcome = try TesseraBinary.run(["keys", "rotate"], environment: ["TESSERA_CONFIG": ""],
                                            currentDirectory: directory.url, timeout: 15)
        #expect(outcome.status == 2 && !outcome.signaled, "\(outcome)")
        #expect(outcome.stderrLines.count == 1 && outcome.stderr.contains("no config file"), "\(outcome)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("keys").path), "keys rotate created ./keys")
    }

    /// Bad usage is one line, as a bad config is.
    @Test func badUsageExits2OnOneLine() throws {
        let outcome = try TesseraBinary.run(["client", "add", "", "--audience", "api"], timeout: 15)
        #expect(outcome.status == 2 && outcome.stderrLines.count == 1, "\(outcome)")
        #expect(outcome.stderr.contains("must not be empty"), "\(outcome)")
    }

    @Test func listenFlagOverridesTheConfig() throws {
        var setup = ServerSetup()
        setup.sections["server"] = [#"listen: "127.0.0.1:1""#]
        let server = try TesseraProcess.start(setup)
        defer { server.stop() }
        #expect(server.port != 1)
        #expect(try server.get("/healthz").status == 200)
    }
}
