import Foundation
import Testing
import TesseraTesting

/// `tessera secret hash` warns on stderr when the chosen secret must be form-encoded in HTTP Basic,
/// and a server accepts that secret sent unencoded (`curl -u` style) as well as encoded.
@Suite struct SecretHashWarningTests {
    @Test(arguments: [("a+b", true), ("100%", true), ("with space", true), ("plain-Secret_1.2~*", false)])
    func secretHashWarnsAboutCharactersNeedingEncoding(secret: String, warns: Bool) throws {
        let result = try GatewaySetup.run(["secret", "hash"], stdin: secret + "\n")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("$pbkdf2-sha256$"))
        #expect(result.stderr.contains("warning") == warns, "\(result.stderr)")
        #expect(!result.stderr.contains(secret) || !warns || secret.count <= 1, "the warning must not echo the secret")
    }

    @Test func aServerAcceptsAChosenSecretWithPlusAndPercentSentUnencoded() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let secret = "p+ss%word 42"
        let hashed = try GatewaySetup.run(["secret", "hash"], stdin: secret + "\n")
        let hash = try #require(hashed.stdout.split(separator: "\n").last)
        var yaml = try String(contentsOfFile: server.configURL.path, encoding: .utf8)
        yaml += "  - id: curl\n    secret_hash: \"\(hash)\"\n    scopes: [read]\n    audiences: [api]\n"
        try yaml.write(toFile: server.configURL.path, atomically: true, encoding: .utf8)
        try server.reload()
        // curl -u / requests / Authlib: the secret as it is, no form-encoding.
        let raw = "Basic " + Data("curl:\(secret)".utf8).base64EncodedString()
        #expect(try eventually(timeout: 5, interval: 0.1) {
            try server.client.post("/oauth/token", form: [("grant_type", "client_credentials")], authorization: raw).status == 200
        })
        // RFC 6749 §2.3.1 encoding works too; a wrong secret does not.
        #expect(try server.client.post("/oauth/token", form: [("grant_type", "client_credentials")], basic: ("curl", secret)).status == 200)
        let wrong = "Basic " + Data("curl:p ss%word 42".utf8).base64EncodedString()
        #expect(try server.client.post("/oauth/token", form: [("grant_type", "client_credentials")], authorization: wrong).status == 401)
    }
}
