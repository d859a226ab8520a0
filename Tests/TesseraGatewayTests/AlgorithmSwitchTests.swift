import Foundation
import Testing
import TesseraTesting
import TesseraJOSE

/// `tokens.algorithm` changed under a running server: the new algorithm signs at once after SIGHUP
/// (a key of its type generated), keys of the previous one stay published and keep verifying, and
/// a third-party library (PyJWT) verifies ES256 and RS256 tokens from the JWKS.
@Suite struct AlgorithmSwitchTests {
    /// Rewrites the config with `tokens.algorithm: algorithm` and sends SIGHUP; returns once a token
    /// carries the new alg.
    static func switchAlgorithm(_ server: TesseraProcess, to algorithm: String) throws -> String {
        var yaml = try String(contentsOfFile: server.configURL.path, encoding: .utf8)
        if let range = yaml.range(of: #"  algorithm: [A-Za-z0-9]+\n"#, options: .regularExpression) {
            yaml.removeSubrange(range)
        }
        yaml = yaml.replacingOccurrences(of: "tokens:\n", with: "tokens:\n  algorithm: \(algorithm)\n")
        try yaml.write(toFile: server.configURL.path, atomically: true, encoding: .utf8)
        try server.reload()
        var token = ""
        let switched = try eventually(timeout: 5, interval: 0.1) {
            token = try server.issueToken()
            return try TokenView.segment(token, 0)["alg"] as? String == algorithm
        }
        #expect(switched, "no \(algorithm) token after SIGHUP")
        return token
    }

    static func jwks(_ server: TesseraProcess) throws -> [[String: Any]] {
        try server.client.get("/.well-known/jwks.json").json["keys"] as? [[String: Any]] ?? []
    }

    @Test func switchingTheAlgorithmSignsWithTheNewOneAndKeepsOldKeysPublished() throws {
        let server = try GatewaySetup.start(reuse: false)
        defer { server.stop() }
        let edToken = try server.issueToken()
        let edKid = try TokenView.keyID(edToken)
        #expect(try TokenView.segment(edToken, 0)["alg"] as? String == "EdDSA")

        var previous = [edToken]
        for (algorithm, kty) in [("ES256", "EC"), ("RS256", "RSA"), ("Ed25519", "OKP"), ("EdDSA", "OKP")] {
            let token = try Self.switchAlgorithm(server, to: algorithm)
            let kid = try TokenView.keyID(token)
            let keys = try Self.jwks(server)
            let published = try #require(keys.first { $0["kid"] as? String == kid }, "\(algorithm) key not in the JWKS")
            #expect(published["kty"] as? String == kty)
            #expect(published["alg"] as? String == algorithm)
            #expect(published["use"] as? String == "sig")
            #expect(keys.contains { $0["kid"] as? String == edKid }, "the first key left the JWKS before its tokens expired")
            // Every token issued so far still introspects active, and the new one does too.
            for old in previous + [token] {
                #expect(try server.introspect(old).json["active"] as? Bool == true, "\(algorithm): \(old.prefix(40))")
            }
            previous.append(token)
        }
        // One key file per type (EdDSA and Ed25519 share the Ed25519 keys; a switch back within
        // the same second as the other keys' activation needs no newer key).
        let files = try FileManager.default.contentsOfDirectory(atPath: server.keysDirectory).sorted()
        for prefix in ["ed25519-", "es256-", "rs256-"] {
            #expect(files.contains { $0.hasPrefix(prefix) }, "\(files)")
        }
    }

    @Test func anHS256TokenNamingAPublishedKeyIsInactive() throws {
        let server = try GatewaySetup.start(reuse: false)
        defer { server.stop() }
        _ = try Self.switchAlgorithm(server, to: "RS256")
        let rsa = try #require(try Self.jwks(server).first { $0["kty"] as? String == "RSA" })
        let kid = try #require(rsa["kid"] as? String)
        let jwkText = String(decoding: try JSONSerialization.data(withJSONObject: rsa), as: UTF8.self)
        let now = unixNow()
        let forged = TokenForge.token(header: TokenForge.header(alg: "HS256", kid: kid),
                                      claims: TokenForge.claims(iat: now, exp: now + 600),
                                      sign: TokenForge.hs256(Array(jwkText.utf8)))
        #expect(try server.introspect(forged).body == #"{"active":false}"#)
    }

    @Test func keysRotateAddsAKeyOfTheConfiguredType() throws {
        let server = try GatewaySetup.start(reuse: false, environment: ["TESSERA_KEY_LEAD_SECONDS": "30"])
        defer { server.stop() }
        _ = try Self.switchAlgorithm(server, to: "ES256")
        let rotation = try KeyRotationTests.rotate(server)
        let files = try FileManager.default.contentsOfDirectory(atPath: server.keysDirectory)
        #expect(files.contains("es256-\(rotation.activation).pem"), "\(files)")
    }

    @Test func hs256KidPrintsTheKidOfHS256Tokens() throws {
        let server = try GatewaySetup.start(reuse: false)
        defer { server.stop() }
        var yaml = try String(contentsOfFile: server.configURL.path, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "keys:\n", with: "keys:\n  hs256_secret: \"0123456789abcdef0123456789abcdef-tessera\"\n")
        try yaml.write(toFile: server.configURL.path, atomically: true, encoding: .utf8)
        let token = try Self.switchAlgorithm(server, to: "HS256")
        let printed = try server.runCLI(["keys", "hs256-kid", "--config", server.configURL.path])
        #expect(printed.status == 0, "\(printed.stderr)")
        let kid = try TokenView.keyID(token)
        #expect(printed.stdout == kid + "\n")
    }
}

/// PyJWT verifies ES256 and RS256 tokens with the key it finds in the JWKS.
@Suite(.requires(PyJWT.available, "python3 with PyJWT and cryptography is not installed"))
struct AlgorithmInteropTests {
    @Test(arguments: ["ES256", "RS256"])
    func pyJWTValidatesTokensOfEachAlgorithmFromTheJWKS(algorithm: String) throws {
        let server = try GatewaySetup.start(reuse: false)
        defer { server.stop() }
        let token = try AlgorithmSwitchTests.switchAlgorithm(server, to: algorithm)
        let result = try PyJWT.validate(token, server: server)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "app")
        // A flipped signature byte is refused by PyJWT too.
        var parts = token.split(separator: ".").map(String.init)
        var signature = try #require(Base64URL.decode(parts[2]))
        signature[5] ^= 0x01
        parts[2] = Base64URL.encode(signature)
        #expect(try PyJWT.validate(parts.joined(separator: "."), server: server).status == 1)
    }
}

extension AlgorithmSwitchTests {
    /// `token inspect` reads keys without generating any: right after the config names a new
    /// algorithm (before any server generated its key), existing tokens still inspect.
    @Test func tokenInspectWorksBeforeAKeyOfTheNewAlgorithmExists() throws {
        let server = try GatewaySetup.start(reuse: false)
        defer { server.stop() }
        let token = try server.issueToken()
        var yaml = try String(contentsOfFile: server.configURL.path, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "tokens:\n", with: "tokens:\n  algorithm: RS256\n")
        try yaml.write(toFile: server.configURL.path, atomically: true, encoding: .utf8)
        let inspected = try server.runCLI(["token", "inspect", token, "--config", server.configURL.path])
        #expect(inspected.status == 0, "\(inspected.stdout) \(inspected.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: server.keysDirectory)
        #expect(!files.contains { $0.hasPrefix("rs256-") }, "token inspect must not generate keys")
    }
}

extension AlgorithmSwitchTests {
    /// The previous algorithm's key stays published while a token it signed lives, then retires
    /// (tokens.ttl + the retirement leeway, 0 s here, after the new key activated).
    @Test func thePreviousAlgorithmsKeyRetiresOnceItsTokensExpired() throws {
        let ttl: Int64 = 3
        let server = try GatewaySetup.start(ttl: Int(ttl), reuse: false, environment: ["TESSERA_KEY_RETIREMENT_LEEWAY_SECONDS": "0"])
        defer { server.stop() }
        let edToken = try server.issueToken()
        let edKid = try TokenView.keyID(edToken)
        // Keys are ordered by activation second: a key generated in the same second as the first one
        // would not supersede it (both stay published, the safe side), so switch a second later.
        let started = unixNow()
        while unixNow() == started { usleep(50_000) }
        let switchedAt = unixNow()
        let esToken = try Self.switchAlgorithm(server, to: "ES256")
        let esKid = try TokenView.keyID(esToken)
        #expect(try server.publishedKeyIDs().contains(edKid))
        #expect(try server.introspect(edToken).json["active"] as? Bool == true)
        // Retired within a second or two of ttl after the switch (the watcher wakes at that second).
        #expect(try eventually(timeout: Double(ttl + 4), interval: 0.1) { try !server.publishedKeyIDs().contains(edKid) })
        #expect(unixNow() >= switchedAt + ttl, "the old key left before its last token could have expired")
        #expect(try server.publishedKeyIDs() == [esKid])
    }
}
