import Testing
import TesseraConfig

private let database = "database:\n  url: postgres://h/db\n"
private let longKey = String(repeating: "k", count: 32)

/// `keys.rotation`, `keys.encryption_key` and `keys.hs256_secret` as a list: what is accepted,
/// and each bad input refused at its key path.
@Suite struct KeysConfigTests {
    @Test(arguments: [
        ErrorCase(name: "encryption key under 32 bytes",
                  yaml: "\(database)keys:\n  encryption_key: \"\(String(repeating: "k", count: 31))\"\n",
                  keyPath: "keys.encryption_key", fragment: "at least 32 bytes, got 31"),
        ErrorCase(name: "a short encryption key in a list",
                  yaml: "\(database)keys:\n  encryption_key: [\"\(longKey)\", short]\n",
                  keyPath: "keys.encryption_key[1]", fragment: "at least 32 bytes, got 5"),
        ErrorCase(name: "an empty encryption key list",
                  yaml: "\(database)keys:\n  encryption_key: []\n", keyPath: "keys.encryption_key", fragment: "must not be an empty list"),
        ErrorCase(name: "encryption key without a database",
                  yaml: "keys:\n  encryption_key: \"\(longKey)\"\n", keyPath: "keys.encryption_key", fragment: "needs a database section"),
        ErrorCase(name: "encryption key from a missing variable",
                  yaml: "\(database)keys:\n  encryption_key: \"${TESSERA_NO_SUCH_KEY}\"\n", keyPath: "keys.encryption_key",
                  fragment: "TESSERA_NO_SUCH_KEY is not set"),
        ErrorCase(name: "negative every",
                  yaml: "keys:\n  rotation:\n    every: -1d\n", keyPath: "keys.rotation.every", fragment: "must not be negative"),
        ErrorCase(name: "every under a second",
                  yaml: "keys:\n  rotation:\n    every: 500ms\n", keyPath: "keys.rotation.every", fragment: "at least 1s"),
        ErrorCase(name: "zero publish_ahead",
                  yaml: "keys:\n  rotation:\n    every: 1d\n    publish_ahead: 0s\n", keyPath: "keys.rotation.publish_ahead",
                  fragment: "greater than 0"),
        ErrorCase(name: "negative publish_ahead",
                  yaml: "keys:\n  rotation:\n    publish_ahead: -1h\n", keyPath: "keys.rotation.publish_ahead", fragment: "must not be negative"),
        ErrorCase(name: "negative retain",
                  yaml: "keys:\n  rotation:\n    retain: -1h\n", keyPath: "keys.rotation.retain", fragment: "must not be negative"),
        ErrorCase(name: "unknown rotation key",
                  yaml: "keys:\n  rotation:\n    evry: 1d\n", keyPath: "keys.rotation.evry", fragment: "did you mean `every`?"),
        ErrorCase(name: "scheduled rotation under HS256",
                  yaml: "tokens:\n  algorithm: HS256\nkeys:\n  hs256_secret: \"\(longKey)\"\n  rotation:\n    every: 1d\n",
                  keyPath: "keys.rotation.every", fragment: "list secrets in keys.hs256_secret"),
        ErrorCase(name: "a short secret in an HS256 list",
                  yaml: "tokens:\n  algorithm: HS256\nkeys:\n  hs256_secret: [\"\(longKey)\", short]\n",
                  keyPath: "keys.hs256_secret[1]", fragment: "at least 32 bytes"),
        ErrorCase(name: "an empty HS256 list",
                  yaml: "tokens:\n  algorithm: HS256\nkeys:\n  hs256_secret: []\n", keyPath: "keys.hs256_secret",
                  fragment: "must not be an empty list"),
    ])
    func badKeysConfigIsRefusedAtItsKeyPath(_ testCase: ErrorCase) {
        #expect {
            try ConfigLoader.parse(yaml: testCase.yaml, file: "config.yaml", environment: testCase.environment)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            #expect(error.keyPath == testCase.keyPath)
            #expect(error.message.contains(testCase.fragment), "\(error.message)")
            // The value of a secret is never echoed back.
            #expect(!error.description.contains(longKey))
            return true
        }
    }

    @Test func rotationEncryptionKeysAndSecretListsAreRead() throws {
        let yaml = """
            tokens:
              algorithm: HS256
            keys:
              hs256_secret: ["\(longKey)A", "${OLD}"]
              rotation: {every: 30d, publish_ahead: 2h, retain: 0s}
              encryption_key: ["${EK}", "\(longKey)B"]
            \(database)
            """
        let config = try ConfigLoader.parse(
            yaml: yaml.replacingOccurrences(of: "every: 30d", with: "every: 0"), file: "c.yaml",
            environment: ["OLD": longKey + "O", "EK": longKey + "E"])
        #expect(config.keys.hs256Secrets == [longKey + "A", longKey + "O"])
        #expect(config.keys.hs256Secret == longKey + "A")
        #expect(config.keys.encryptionKeys == [longKey + "E", longKey + "B"])
        #expect(config.keys.rotation == KeyRotationConfig(every: .zero, publishAhead: .seconds(7200), retain: .zero))
        #expect(config.keys.schedule == nil, "every: 0 is no schedule")

        let scheduled = try ConfigLoader.parse(yaml: "keys:\n  rotation:\n    every: 30d\n", file: "c.yaml", environment: [:])
        #expect(scheduled.keys.schedule == KeyRotationConfig(every: .seconds(30 * 86400)))
        #expect(scheduled.keys.hs256Secrets.isEmpty && scheduled.keys.encryptionKeys.isEmpty)
    }

    /// publish_ahead longer than every is allowed: the next key is made only once the newest has
    /// signed for `every`, so keys never pile up waiting.
    @Test func publishAheadLongerThanEveryIsAccepted() throws {
        let config = try ConfigLoader.parse(yaml: "keys:\n  rotation: {every: 1h, publish_ahead: 2h}\n", file: "c.yaml", environment: [:])
        #expect(config.keys.schedule?.publishAhead == .seconds(7200))
    }
}
