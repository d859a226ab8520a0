import Foundation
import Glibc
import Testing
import TesseraTesting

/// "Every answer follows the truth" in embedded mode (no Redis, no PostgreSQL): the state
/// directory keeps revocations across restarts, a client dropped from `clients:` has its tokens
/// revoked, identity is bytes, and key files are checked. Needs only the binary.
@Suite struct EmbeddedTruthTests {
    private static let secret = "embedded-truth-secret"

    private static func config(_ directory: TemporaryDirectory, clients: [String], extra: String = "") throws -> String {
        let hash = try TesseraBinary.run(["secret", "hash"], stdin: secret + "\n").stdoutLines.first ?? ""
        var text = """
            issuer: "https://tessera.test"
            keys:
              directory: "\(directory.file("keys").path)"
            state:
              directory: "\(directory.file("state").path)"
            \(extra)
            clients:

            """
        for id in clients {
            text += """
                  - id: "\(id)"
                    secret_hash: "\(hash)"
                    scopes: [read]
                    audiences: [api]
                    introspect: true

                """
        }
        return text
    }

    private static func active(_ node: TesseraProcess, as id: String, _ token: String) throws -> Bool? {
        try node.introspect(token, as: (id, secret)).json["active"] as? Bool
    }

    @Test func aRevocationSurvivesARestart() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-embedded-truth")
        defer { directory.remove() }
        let config = try Self.config(directory, clients: ["demo"])
        var node = try TesseraProcess.start(config: config)
        let token = try #require(try node.token(id: "demo", secret: Self.secret).accessToken)
        #expect(try node.revoke(token, as: ("demo", Self.secret)).status == 200)
        node.stop()
        node = try TesseraProcess.start(config: config)
        defer { node.stop() }
        #expect(try Self.active(node, as: "demo", token) == false, "a revoked token came back after a restart")
        let again = try node.token(id: "demo", secret: Self.secret)
        #expect(again.status == 200 && again.accessToken != token)
    }

    @Test func aClientDroppedFromTheConfigHasItsTokensRevokedEvenWhenAddedBack() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-embedded-drop")
        defer { directory.remove() }
        let node = try TesseraProcess.start(config: try Self.config(directory, clients: ["gateway", "leaver"]))
        defer { node.stop() }
        let token = try #require(try node.token(id: "leaver", secret: Self.secret).accessToken)
        #expect(try Self.active(node, as: "gateway", token) == true)
        let configURL = node.directory.file("config.yaml")
        try Data(try Self.config(directory, clients: ["gateway"]).utf8).write(to: configURL)
        kill(node.pid, SIGHUP)
        #expect(eventually(timeout: 3, interval: 0.02) { (try? Self.active(node, as: "gateway", token)) == false }, "a dropped client's token stays active")
        try Data(try Self.config(directory, clients: ["gateway", "leaver"]).utf8).write(to: configURL)
        kill(node.pid, SIGHUP)
        #expect(eventually(timeout: 3, interval: 0.02) { (try? node.token(id: "leaver", secret: Self.secret))?.status == 200 })
        #expect(try Self.active(node, as: "gateway", token) == false, "re-adding the client revived its old token")
        let fresh = try #require(try node.token(id: "leaver", secret: Self.secret).accessToken)
        let freshActive = try Self.active(node, as: "gateway", fresh)
        #expect(fresh != token && freshActive == true)
    }

    @Test func aLookAlikeIdIsAnotherClientAndCannotLockTheRealOneOut() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-embedded-kelvin")
        defer { directory.remove() }
        let node = try TesseraProcess.start(
            config: try Self.config(directory, clients: ["Kms-svc"], extra: "limits:\n  auth_failures_per_minute: 5\n"))
        defer { node.stop() }
        let lookAlike = "\u{212A}ms-svc"
        #expect(try node.token(id: lookAlike, secret: Self.secret).status == 401)
        for _ in 0..<10 { _ = try node.token(id: lookAlike, secret: "wrong") }
        #expect(try node.token(id: "Kms-svc", secret: Self.secret).status == 200)
        #expect(try node.token(id: "victim\u{0}xyz", secret: Self.secret).status == 401)
    }

    @Test func keyFilesWritableByOthersAreRefusedAndReadableOnesWarned() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-embedded-keys")
        defer { directory.remove() }
        let config = try Self.config(directory, clients: ["demo"])
        try TesseraProcess.start(config: config).stop()  // generates the first key
        let keys = directory.file("keys").path
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: keys).first { $0.hasSuffix(".pem") })
        let path = keys + "/" + file
        chmod(path, 0o644)
        let warned = try TesseraProcess.start(config: config)
        let stderr = warned.stderr
        warned.stop()
        #expect(stderr.contains(path) && stderr.contains("readable"), "no warning naming \(path): \(stderr)")
        chmod(path, 0o666)
        do {
            let node = try TesseraProcess.start(config: config)
            node.stop()
            Issue.record("a key file writable by others was loaded")
        } catch {
            #expect("\(error)".contains("chmod go-w \(path)") && "\(error)".contains("exit 2"), "\(error)")
        }
        chmod(path, 0o600)
        chmod(keys, 0o777)
        #expect(throws: (any Error).self) { try TesseraProcess.start(config: config).stop() }
        chmod(keys, 0o700)
    }
}
