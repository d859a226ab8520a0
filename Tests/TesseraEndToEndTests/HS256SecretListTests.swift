import Foundation
import Testing
import TesseraTesting

/// `keys.hs256_secret` as a list: the first secret signs, every one verifies, each under its own kid.
@Suite struct HS256SecretListTests {
    static let old = "old-hs256-secret-" + UUID().uuidString
    static let new = "new-hs256-secret-" + UUID().uuidString

    static func body(_ secrets: String) -> String {
        """
        tokens:
          algorithm: HS256
          reuse: false
        keys:
          directory: ./keys
          hs256_secret: \(secrets)
        """
    }

    @Test func aTokenOfAnEarlierSecretStillVerifiesAndNewOnesCarryTheFirstKid() throws {
        let keys = try KeyTestFolder()
        defer { keys.remove() }
        try keys.write("config.yaml", Self.body("\"\(Self.old)\""))
        let node = keys.node("hs", config: "config.yaml")
        try node.start()
        let (oldToken, oldKid) = try node.tokenKeyID(keys.client)

        try keys.write("config.yaml", Self.body("[\"\(Self.new)\", \"\(Self.old)\"]"))
        #expect(try node.reload() == .reloaded, "\(node.stderr)")
        let (newToken, newKid) = try node.tokenKeyID(keys.client)
        #expect(newKid != oldKid)
        #expect(try DecodedJWT(newToken).verifiesHS256(secret: Array(Self.new.utf8)))
        let caller = (keys.client.id, keys.client.secret)
        #expect(try node.introspect(oldToken, as: caller).json["active"] as? Bool == true, "the second secret verifies")
        #expect(try node.introspect(newToken, as: caller).json["active"] as? Bool == true)
        let printed = try keys.tessera(["keys", "hs256-kid"], config: "config.yaml")
        #expect(printed.stdoutLines == [newKid], "\(printed)")
        #expect(!newKid.contains("hs256-secret") && !oldKid.contains("hs256-secret"))

        // Dropping the old secret from the list ends its tokens.
        try keys.write("config.yaml", Self.body("[\"\(Self.new)\"]"))
        #expect(try node.reload() == .reloaded)
        #expect(try node.introspect(oldToken, as: caller).json["active"] as? Bool == false)
        #expect(!node.stderr.contains(Self.old) && !node.stderr.contains(Self.new))
    }
}
