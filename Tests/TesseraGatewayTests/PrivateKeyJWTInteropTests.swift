import Foundation
import Testing
import TesseraTesting
import TesseraJOSE

/// Authlib's `PrivateKeyJWT` client auth method, unmodified, against `tessera serve` for Ed25519,
/// P-256 and RSA client keys registered as `clients[].jwks`. Needs python3 with Authlib and
/// requests (Debian: python3-authlib python3-requests); missing, the tests skip -- unless
/// TESSERA_REQUIRE_SERVICES=1, where they fail.
@Suite(.requires(Authlib.available, "python3 with Authlib and requests is not installed"))
struct PrivateKeyJWTInteropTests {
    /// Adds client `id` with `key`'s public JWK and reloads; returns the private key file.
    static func register(_ id: String, key: any DirectoryKey, alg: String, on server: TesseraProcess) throws -> String {
        var published = key.verifier.jwk
        published.alg = JWSAlgorithm(rawValue: alg) ?? published.alg  // an RSA key registered for PS256
        var jwk: [UInt8] = []
        published.appendJSON(to: &jwk)
        var yaml = try String(contentsOfFile: server.configURL.path, encoding: .utf8)
        yaml += """
              - id: \(id)
                scopes: [read]
                audiences: [api]
                jwks: '{"keys":[\(String(decoding: jwk, as: UTF8.self))]}'

            """
        try yaml.write(toFile: server.configURL.path, atomically: true, encoding: .utf8)
        let keyFile = server.directory.url.appendingPathComponent("\(id).pem").path
        try Data(try key.pemRepresentation()).write(to: URL(fileURLWithPath: keyFile))
        return keyFile
    }

    @Test(arguments: [("EdDSA", KeyType.ed25519), ("ES256", .es256), ("RS256", .rs256), ("PS256", .rs256)])
    func authlibGetsTokensWithEachKeyType(alg: String, type: KeyType) throws {
        let server = try GatewaySetup.start(reuse: true)
        defer { server.stop() }
        let id = "pkjwt-\(alg)"
        let keyFile = try Self.register(id, key: try type.generate(), alg: alg, on: server)
        try server.reload()
        var result = (status: Int32(0), output: "")
        let ok = try eventually(timeout: 5, interval: 0.1) {
            result = try Authlib.fetchToken(server: server, clientID: id, keyFile: keyFile, alg: alg)
            return result.status == 0
        }
        #expect(ok, "\(result.output)")
        let token = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try TokenView.claims(token)["client_id"] as? String == id)
        #expect(try server.introspect(token).json["active"] as? Bool == true)
        // A second request makes a new assertion (new jti) and gets through as well.
        #expect(try Authlib.fetchToken(server: server, clientID: id, keyFile: keyFile, alg: alg).status == 0)
        // The wrong key for the client is refused.
        let otherKey = server.directory.url.appendingPathComponent("other.pem").path
        try Data(try type.generate().pemRepresentation()).write(to: URL(fileURLWithPath: otherKey))
        let refused = try Authlib.fetchToken(server: server, clientID: id, keyFile: otherKey, alg: alg)
        #expect(refused.status == 1 && refused.output.contains("invalid_client"), "\(refused.output)")
    }
}

enum Authlib {
    static var available: Bool {
        (try? PyJWT.python(["-c", "import authlib, requests"]).status) == 0
    }

    static var script: String {
        Bundle.module.path(forResource: "authlib_private_key_jwt", ofType: "py") ?? "authlib_private_key_jwt.py"
    }

    static func fetchToken(server: TesseraProcess, clientID: String, keyFile: String, alg: String) throws -> (status: Int32, output: String) {
        let result = try PyJWT.python([
            script, "http://127.0.0.1:\(server.port)/oauth/token", GatewaySetup.issuer + "/oauth/token", clientID, keyFile, alg,
        ])
        if result.status == 2 || result.status == 127 {
            Issue.record("python3 with Authlib and requests is required here: \(result.output)")
        }
        return result
    }
}

/// A client key Tessera must not accept is a configuration error naming the client and the key.
@Suite struct ClientKeyConfigErrorTests {
    @Test(arguments: [
        (#"{"kty":"RSA","kid":"tiny","n":"\#(String(repeating: "w", count: 171))","e":"AQAB"}"#, "2048"),
        (#"{"kty":"EC","crv":"P-256","kid":"tiny","x":"\#(String(repeating: "A", count: 43))","y":"\#(String(repeating: "A", count: 42))E"}"#, "curve"),
        (#"{"kty":"OKP","crv":"Ed25519","kid":"tiny","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}"#, "private"),
    ])
    func serveRefusesABadClientKey(jwk: String, reason: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-badkey-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.yaml").path
        try """
            issuer: "http://tessera.test"
            keys:
              directory: ./keys
            clients:
              - id: weak-client
                audiences: [api]
                jwks: '{"keys":[\(jwk)]}'

            """.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try GatewaySetup.run(["serve", "--config", config, "--listen", "127.0.0.1:0"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("weak-client") && result.stderr.contains("tiny") && result.stderr.contains(reason), "\(result.stderr)")
    }
}
