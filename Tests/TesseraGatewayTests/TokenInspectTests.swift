import Foundation
import Testing

/// `tessera token inspect JWT [--config PATH]`.
@Suite struct TokenInspectTests {
    @Test func validTokenPrintsHeaderClaimsAndValid() throws {
        let server = try TesseraServer()
        defer { server.stop() }
        let token = try server.issueToken("app")
        let result = try server.runCLI(["token", "inspect", token, "--config", server.configPath])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""alg" : "EdDSA""#))
        #expect(result.stdout.contains(#""client_id" : "app""#))
        #expect(result.stdout.hasSuffix("valid\n"))
        #expect(result.stderr.isEmpty)
    }

    @Test func invalidTokenExitsOneWithTheReason() throws {
        let server = try TesseraServer()
        defer { server.stop() }
        let token = try server.issueToken("app")
        let tampered = String(token.dropLast(4)) + (token.hasSuffix("AAAA") ? "BBBB" : "AAAA")
        let result = try server.runCLI(["token", "inspect", tampered, "--config", server.configPath])
        #expect(result.status == 1)
        #expect(result.stdout.contains("invalid: signature does not verify"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func expiredTokenExitsOneWithItsExpiry() throws {
        let server = try TesseraServer(ttl: 2)
        defer { server.stop() }
        let token = try server.issueToken("app")
        sleep(3)
        let result = try server.runCLI(["token", "inspect", token, "--config", server.configPath])
        #expect(result.status == 1)
        #expect(result.stdout.contains("invalid: token expired at"))
    }

    @Test func missingConfigFileIsExitTwo() throws {
        let result = try TesseraServer.run(["token", "inspect", "a.b.c", "--config", "/nonexistent/config.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
