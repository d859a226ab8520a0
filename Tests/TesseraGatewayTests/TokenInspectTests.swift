import Foundation
import Testing
import TesseraTesting

/// `tessera token inspect JWT [--config PATH]`.
@Suite struct TokenInspectTests {
    @Test func validTokenPrintsHeaderClaimsAndValid() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        let result = try server.runCLI(["token", "inspect", token, "--config", server.configURL.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""alg" : "EdDSA""#))
        #expect(result.stdout.contains(#""client_id" : "app""#))
        #expect(result.stdout.hasSuffix("valid\n"))
        #expect(result.stdout.contains("revocation: not revoked (checked \(server.directory.url.path)/state/revocations.log)"), "\(result.stdout)")
        #expect(result.stderr.isEmpty)
    }

    /// Rule 2 in embedded mode: the revocation the node recorded under state.directory.
    @Test func revokedTokenExitsOneSayingItIsRevoked() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        #expect(try server.revoke(token, as: "app").status == 200)
        let result = try server.runCLI(["token", "inspect", token, "--config", server.configURL.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("invalid: token revoked"), "\(result.stdout)")
        #expect(result.stderrLines.count == 1 && result.stderr.contains("revoked"), "\(result.stderr)")
    }

    /// The revocations live in a store that does not answer: the verdict says so instead of `valid`.
    @Test func unreadableRevocationsAreNamedNotSkipped() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        let config = server.directory.url.appendingPathComponent("with-redis.yaml")
        let yaml = try String(contentsOfFile: server.configURL.path, encoding: .utf8)
            + "cache:\n  redis:\n    url: \"redis://127.0.0.1:\(try LoopbackPort.free())/0\"\n"
        try Data(yaml.utf8).write(to: config)
        let result = try server.runCLI(["token", "inspect", token, "--config", config.path])
        #expect(result.stdout.contains("revocation: not checked"), "\(result.stdout)")
        #expect(!result.stdout.hasSuffix("\nvalid\n"), "\(result.stdout)")
        #expect(result.stderrLines.count == 1 && result.stderr.contains("revocation not checked"), "\(result.stderr)")
    }

    /// No key at all is not "every key activates later".
    @Test func noKeysAtAllSaysSoInsteadOfBlamingActivationTimes() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        let empty = server.directory.url.appendingPathComponent("no-keys")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let config = server.directory.url.appendingPathComponent("no-keys.yaml")
        let yaml = try String(contentsOfFile: server.configURL.path, encoding: .utf8).replacingOccurrences(of: "directory: ./keys", with: "directory: ./no-keys")
        try Data(yaml.utf8).write(to: config)
        let result = try server.runCLI(["token", "inspect", token, "--config", config.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("invalid: no key to verify it with: no keys configured"), "\(result.stdout)")
        #expect(!result.stdout.contains("activation") && !result.stderr.contains("activation"), "\(result)")
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
    }

    @Test func aTokenOfAnotherIssuersKeyNamesItsUnknownKid() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let other = try GatewaySetup.start()
        defer { other.stop() }
        let token = try other.issueToken("app")
        let result = try server.runCLI(["token", "inspect", token, "--config", server.configURL.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("invalid: unknown key id \"\(try TokenView.keyID(token))\""), "\(result.stdout)")
    }

    @Test func invalidTokenExitsOneWithTheReason() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        let tampered = String(token.dropLast(4)) + (token.hasSuffix("AAAA") ? "BBBB" : "AAAA")
        let result = try server.runCLI(["token", "inspect", tampered, "--config", server.configURL.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("invalid: signature does not verify"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func expiredTokenExitsOneWithItsExpiry() throws {
        let server = try GatewaySetup.start(ttl: 2)
        defer { server.stop() }
        let token = try server.issueToken("app")
        sleep(3)
        let result = try server.runCLI(["token", "inspect", token, "--config", server.configURL.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("invalid: token expired at"))
    }

    @Test func missingConfigFileIsExitTwo() throws {
        let result = try GatewaySetup.run(["token", "inspect", "a.b.c", "--config", "/nonexistent/config.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
