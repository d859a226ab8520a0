import Foundation
import Testing

@testable import TesseraConfig

/// `clients[].jwks` (private_key_jwt): a YAML mapping or JSON text, carried as JSON text; a client
/// with keys needs no secret_hash.
struct ClientJWKSConfigTests {
    @Test func aYAMLMappingBecomesJSONTextWithEnvironmentExpansion() throws {
        let yaml = """
            clients:
              - id: billing
                audiences: [api]
                jwks:
                  keys:
                    - kty: OKP
                      crv: Ed25519
                      x: "${X}"
                      kid: "b\\"1"
            """
        let config = try ConfigLoader.parse(yaml: yaml, file: "config.yaml", environment: ["X": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"])
        let text = try #require(config.clients.first?.jwks)
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let key = try #require((json?["keys"] as? [[String: Any]])?.first)
        #expect(key["x"] as? String == "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
        #expect(key["kid"] as? String == "b\"1")
        #expect(config.clients.first?.secretHash == "")
    }

    @Test func jsonTextIsTakenAsIs() throws {
        let yaml = "clients:\n  - id: c\n    audiences: [api]\n    jwks: '{\"keys\":[]}'\n"
        #expect(try ConfigLoader.parse(yaml: yaml, file: "config.yaml", environment: [:]).clients.first?.jwks == #"{"keys":[]}"#)
    }

    @Test func aClientWithNeitherSecretNorKeysIsAnError() {
        let yaml = "clients:\n  - id: c\n    audiences: [api]\n"
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(yaml: yaml, file: "config.yaml", environment: [:]) }
    }
}
