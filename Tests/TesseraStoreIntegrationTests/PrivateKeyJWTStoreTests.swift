import Foundation
import Glibc
import Testing
import TesseraJOSE
import TesseraTesting

/// private_key_jwt with stored clients: `client add --jwks FILE` (schema version 4), the keys
/// reaching every node through PostgreSQL, and a jti used on one node refused on another sharing
/// the Redis (`SET NX PX`).
@Suite(.requires(Services.running, Services.skipMessage))
struct PrivateKeyJWTStoreTests {
    static func assertion(_ key: P256PrivateKey, client: String, jti: String = UUID().uuidString) throws -> String {
        let now = Int64(time(nil))
        let header = #"{"alg":"ES256","kid":"\#(key.keyID.value)"}"#
        let claims = #"{"iss":"\#(client)","sub":"\#(client)","aud":"https://tessera.test/oauth/token","exp":\#(now + 120),"iat":\#(now),"jti":"\#(jti)"}"#
        return try TokenForge.token(header: header, claims: claims) { input in
            var signature: [UInt8] = []
            try key.sign(input, appendingTo: &signature)
            return signature
        }
    }

    static func body(_ assertion: String) -> String {
        "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
            + "&client_assertion=\(assertion)"
    }

    @Test func aStoredClientAuthenticatesWithItsKeysAndAJtiIsUsedOnceAcrossNodes() throws {
        let redis = try Services.redis()
        let fixture = try CLIFixture(redis: redis)
        defer { fixture.done() }
        let migrated = try fixture.tessera(["migrate"])
        #expect(migrated.status == 0 && migrated.stdout.contains("4"), "\(migrated.stdout) \(migrated.stderr)")

        let key = try P256PrivateKey.generate()
        var jwk: [UInt8] = []
        key.verifier.jwk.appendJSON(to: &jwk)
        let jwksFile = fixture.directory.file("svc.jwks.json")
        try Data(#"{"keys":[\#(String(decoding: jwk, as: UTF8.self))]}"#.utf8).write(to: jwksFile)
        let added = try fixture.tessera(["client", "add", "svc-keys", "--jwks", jwksFile.path, "--scope", "read", "--audience", "api"])
        #expect(added.status == 0 && added.stdout.isEmpty, "a keys-only client prints no secret: \(added.stdout) \(added.stderr)")

        let config = TierConfig.yaml(redis: redis, database: fixture.database.url, keys: fixture.directory.file("keys").path)
        let nodeA = try TesseraProcess.start(config: config)
        defer { nodeA.stop() }
        let nodeB = try TesseraProcess.start(config: config)
        defer { nodeB.stop() }

        let assertion = try Self.assertion(key, client: "svc-keys")
        let first = try HTTPExchange.send(port: nodeA.port, method: "POST", path: "/oauth/token", basic: nil, body: Self.body(assertion))
        #expect(first.status == 200, "\(first.body) \(nodeA.stderr)")
        // The same assertion on the other node: a replay, refused through Redis.
        let replay = try HTTPExchange.send(port: nodeB.port, method: "POST", path: "/oauth/token", basic: nil, body: Self.body(assertion))
        #expect(replay.status == 401 && replay.json["error"] as? String == "invalid_client", "\(replay.status) \(replay.body)")
        // ... and on the first node too.
        let again = try HTTPExchange.send(port: nodeA.port, method: "POST", path: "/oauth/token", basic: nil, body: Self.body(assertion))
        #expect(again.status == 401)
        // A new jti is accepted on either node.
        let fresh = try HTTPExchange.send(port: nodeB.port, method: "POST", path: "/oauth/token", basic: nil,
                                       body: Self.body(try Self.assertion(key, client: "svc-keys")))
        #expect(fresh.status == 200, "\(fresh.body)")
        // No secret works for a keys-only client.
        #expect(try nodeA.token(id: "svc-keys", secret: "").status == 401)
    }

    /// `client update --jwks` stores the keys (every column of the row is written) and a node that
    /// cached the client takes them within a second; the secret, not named, keeps working.
    @Test func clientUpdateGivesAStoredClientNewKeysOnARunningNode() throws {
        let redis = try PrivateRedis()
        let fixture = try CLIFixture.migrated(redis: redis.url)
        defer { fixture.done() }
        let secret = try fixture.addClient("svc-update", ["--scope", "read", "--audience", "api"])
        let node = try fixture.serve()
        defer { node.stop() }
        try #require(node.waitUntilSubscribed(), "\(node.stderr)")
        try #require(try node.token(id: "svc-update", secret: secret).status == 200)

        let key = try P256PrivateKey.generate()
        var jwk: [UInt8] = []
        key.verifier.jwk.appendJSON(to: &jwk)
        let jwksFile = fixture.directory.file("update.jwks.json")
        try Data(#"{"keys":[\#(String(decoding: jwk, as: UTF8.self))]}"#.utf8).write(to: jwksFile)
        let updated = try fixture.tessera(["client", "update", "svc-update", "--jwks", jwksFile.path])
        #expect(updated.status == 0 && updated.stdout.contains("jwks"), "\(updated)")
        let byKey = eventually(timeout: 1.0, interval: 0.02) {
            (try? HTTPExchange.send(port: node.port, method: "POST", path: "/oauth/token", basic: nil,
                                 body: Self.body(try Self.assertion(key, client: "svc-update"))))?.status == 200
        }
        #expect(byKey, "the keys of client update did not authenticate within 1 s")
        #expect(try node.token(id: "svc-update", secret: secret).status == 200)
        let missing = try fixture.tessera(["client", "update", "svc-update", "--jwks", fixture.directory.file("none.json").path])
        #expect(missing.status == 2 && missing.stderrLines.count == 1 && missing.stderr.contains("client update"), "\(missing)")
    }

    @Test func clientAddRefusesASmallRSAKeyNamingTheClientAndKey() throws {
        let fixture = try CLIFixture(redis: nil)
        defer { fixture.done() }
        _ = try fixture.tessera(["migrate"])
        let small = String(repeating: "w", count: 171)  // 1,024-bit modulus
        let jwksFile = fixture.directory.file("small.json")
        try Data(#"{"keys":[{"kty":"RSA","kid":"tiny","n":"\#(small)","e":"AQAB"}]}"#.utf8).write(to: jwksFile)
        let outcome = try fixture.tessera(["client", "add", "weak", "--jwks", jwksFile.path, "--audience", "api"])
        #expect(outcome.status == 2 && outcome.stderrLines.count == 1, "\(outcome.status) \(outcome.stderr)")
        #expect(outcome.stderr.contains("\"weak\"") && outcome.stderr.contains("tiny") && outcome.stderr.contains("2048"))
    }
}
