import Foundation
import Glibc
import Testing
import TesseraTesting

/// Signing keys in PostgreSQL, sealed under `keys.encryption_key`: nodes without a key directory
/// sign with the same keys, exactly one node makes each scheduled key, no node signs with a key
/// another does not publish yet, and a key that does not decrypt stops a node from starting.
@Suite(.requires(Services.running, Services.skipMessage))
struct DatabaseKeysTests {
    static let encryptionKey = "encryption-key-" + UUID().uuidString
    static let newEncryptionKey = "new-encryption-key-" + UUID().uuidString

    static func body(database: String, redis: String? = nil, directory: String = "./none", encryption: String,
                     extraKeys: String = "", ttl: String = "1h") -> String {
        var text = """
            tokens:
              ttl: \(ttl)
              reuse: false
            keys:
              directory: \(directory)
              encryption_key: \(encryption)
            \(extraKeys)
            database:
              url: "\(database)"
              max_open_conns: 4
              max_idle_conns: 2
            """
        if let redis { text += "\ncache:\n  redis:\n    url: \"\(redis)\"\n    pool_size: 4\n" }
        return text
    }

    @Test func importedKeysSignOnNodesWithoutTheDirectoryAndAWrongEncryptionKeyRefusesToStart() throws {
        let database = try TestDatabase.migrated()
        defer { database.drop() }
        let keys = try KeyTestFolder()
        defer { keys.remove() }
        try keys.write("directory.yaml", "keys:\n  directory: ./keys\n")
        let rotated = try keys.tessera(["keys", "rotate"], config: "directory.yaml")
        let kid = try #require(rotated.stdoutLines.first?.split(separator: " ").last.map(String.init), "\(rotated)")

        try keys.write("import.yaml", Self.body(database: database.url, directory: "./keys", encryption: "\"\(Self.encryptionKey)\""))
        let imported = try keys.tessera(["keys", "import"], config: "import.yaml")
        #expect(imported.status == 0 && imported.stdoutLines == ["imported \(kid)"], "\(imported)")
        let again = try keys.tessera(["keys", "import"], config: "import.yaml")
        #expect(again.status == 0 && again.stdoutLines == ["present \(kid)"], "\(again)")
        #expect(try database.query("SELECT count(*) FROM tessera_signing_keys") == ["1"])
        #expect(try !database.query("SELECT private_key FROM tessera_signing_keys")[0].contains("PRIVATE"))

        // The encryption key rotated: a new one first, the old one still decrypting.
        try keys.write("node.yaml", Self.body(database: database.url,
                                              encryption: "[\"\(Self.newEncryptionKey)\", \"\(Self.encryptionKey)\"]"))
        let a = keys.node("a", config: "node.yaml")
        let b = keys.node("b", config: "node.yaml")
        try a.start()
        try b.start()
        let (token, signer) = try a.tokenKeyID(keys.client)
        #expect(signer == kid, "\(a.stderr)")
        #expect(try b.publishedKeyIDs() == [kid])
        try b.waitReady()  // introspection answers once the recorded revocations are loaded
        let introspected = try b.introspect(token, as: (keys.client.id, keys.client.secret))
        #expect(introspected.json["active"] as? Bool == true, "\(introspected)\n\(b.stderr)")
        #expect(!FileManager.default.fileExists(atPath: keys.folder.file("none").path), "no key directory is made")

        try keys.write("wrong.yaml", Self.body(database: database.url, encryption: "\"\(Self.newEncryptionKey)\""))
        let refused = try keys.node("wrong", config: "wrong.yaml").startExpectingExit()
        #expect(refused.exit == Spawn.Exit(status: 2, signaled: false), "\(refused.stderr)")
        #expect(refused.stderr.contains("keys.encryption_key") && refused.stderr.contains(kid), "\(refused.stderr)")
        #expect(!refused.stderr.contains(Self.newEncryptionKey))
        // No encryption key at all: the node would sign with a key of its own directory.
        try keys.write("missing.yaml", "keys:\n  directory: ./other\ndatabase:\n  url: \"\(database.url)\"\n")
        let missing = try keys.node("missing", config: "missing.yaml").startExpectingExit()
        #expect(missing.exit == Spawn.Exit(status: 2, signaled: false), "\(missing.stderr)")
        #expect(missing.stderr.contains("keys.encryption_key") && missing.stderr.contains(kid), "\(missing.stderr)")
        #expect(try database.query("SELECT count(*) FROM tessera_signing_keys") == ["1"], "never a silent new key")

        // keys import also seals every stored key again under the first encryption key.
        let resealed = try keys.tessera(["keys", "import"], config: "node.yaml")
        #expect(resealed.stdoutLines == ["resealed \(kid)"], "\(resealed)")
        let restarted = keys.node("wrong-now-right", config: "wrong.yaml")
        try restarted.start()
        #expect(try restarted.tokenKeyID(keys.client).kid == kid)
    }

    /// Both nodes race every scheduled rotation; the one that made the first scheduled key is
    /// killed the moment it logs it (the key stored, no other node told) and started again.
    @Test func twoNodesRacingTheScheduleMakeOneKeyPerRotationAndSignOnlyKeysBothPublishThoughTheMakerIsKilled() throws {
        let redis = try PrivateRedis()
        let database = try TestDatabase.migrated()
        defer { database.drop() }
        let keys = try KeyTestFolder()
        defer { keys.remove() }
        try keys.write("node.yaml", Self.body(
            database: database.url, redis: redis.url, encryption: "\"\(Self.encryptionKey)\"",
            extraKeys: "  rotation: {every: 1s, publish_ahead: 2s, retain: 1s}", ttl: "2s"))
        let nodes = [keys.node("a", config: "node.yaml"), keys.node("b", config: "node.yaml")]
        _ = try concurrently(2) { try nodes[$0].start() }
        func made(_ node: TesseraProcess) -> Int { node.stderr.components(separatedBy: "cause=scheduled").count - 1 }

        // Until the scheduled key has signed for a moment (about 3.5 s in), at most 4.5 s.
        let deadline = Date().addingTimeInterval(4.5)
        var signers: Set<String> = []
        var violations: [String] = []
        var madeByKilledRun: Int?
        var newSignerSeen: Date?
        while Date() < deadline, newSignerSeen.map({ Date().timeIntervalSince($0) < 0.3 }) ?? true {
            if madeByKilledRun == nil, let maker = nodes.first(where: { made($0) > 0 }) {
                maker.crash()
                madeByKilledRun = made(maker)
                try maker.start()
            }
            // Every node's JWKS is read before the tokens: each kid must have been in all of them.
            let published = try nodes.map { try $0.publishedKeyIDs() }
            for node in nodes {
                let kid = try node.tokenKeyID(keys.client).kid
                signers.insert(kid)
                if signers.count > 1, newSignerSeen == nil { newSignerSeen = Date() }
                for (other, set) in published.enumerated() where !set.contains(kid) {
                    violations.append("\(node.name) signed with \(kid), which node \(nodes[other].name) did not publish before")
                }
            }
            usleep(50_000)
        }
        #expect(madeByKilledRun != nil, "no scheduled key made: \(nodes[0].stderr)")
        #expect(violations.isEmpty, "\(violations.prefix(3))")
        #expect(signers.count >= 2, "no scheduled key signed: \(signers)\n\(nodes[0].stderr)")
        let activations = try database.query("SELECT activation FROM tessera_signing_keys ORDER BY activation").compactMap { Int64($0) }
        #expect(activations.count >= 2)
        // One key per rotation: each made once the newest had signed for 1 s, signing 2 s later.
        for (earlier, later) in zip(activations, activations.dropFirst()) {
            #expect(later - earlier >= 3, "two keys for one rotation: \(activations)")
        }
        let total = nodes.map(made).reduce(madeByKilledRun ?? 0, +)
        #expect(total == activations.count - 1, "keys made: \(total), stored: \(activations)")
    }
}
