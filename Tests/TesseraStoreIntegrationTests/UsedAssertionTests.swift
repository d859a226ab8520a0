import Foundation
import Glibc
import Testing
import TesseraJOSE
import TesseraStore
import TesseraTesting

/// A client assertion's `jti` is used once on every node sharing PostgreSQL without
/// Redis (`tessera_used_assertions`), and across restarts in embedded mode (`assertions.log`
/// under `state.directory`).
struct UsedAssertionTests {
    static func jwks(_ key: P256PrivateKey) -> String {
        var jwk: [UInt8] = []
        key.verifier.jwk.appendJSON(to: &jwk)
        return #"{"keys":[\#(String(decoding: jwk, as: UTF8.self))]}"#
    }

    static func send(_ assertion: String, to node: TesseraProcess) throws -> HTTPResponse {
        try HTTPExchange.send(port: node.port, method: "POST", path: "/oauth/token", basic: nil,
                           body: PrivateKeyJWTStoreTests.body(assertion))
    }

    @Test func embeddedAnAssertionUsedBeforeARestartIsAReplayAfterIt() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-used-assertions")
        defer { directory.remove() }
        let key = try P256PrivateKey.generate()
        let config = """
            issuer: "https://tessera.test"
            keys:
              directory: "\(directory.file("keys").path)"
            state:
              directory: "\(directory.file("state").path)"
            clients:
              - id: svc-keys
                scopes: [read]
                audiences: [api]
                jwks: '\(Self.jwks(key))'

            """
        var node = try TesseraProcess.start(config: config)
        let assertion = try PrivateKeyJWTStoreTests.assertion(key, client: "svc-keys")
        let first = try Self.send(assertion, to: node)
        #expect(first.status == 200, "\(first.body) \(node.stderr)")
        let replay = try Self.send(assertion, to: node)
        #expect(replay.status == 401 && replay.json["error"] as? String == "invalid_client", "\(replay.status) \(replay.body)")
        node.stop()
        node = try TesseraProcess.start(config: config)
        defer { node.stop() }
        let afterRestart = try Self.send(assertion, to: node)
        #expect(afterRestart.status == 401 && afterRestart.json["error"] as? String == "invalid_client",
                "an assertion used before the restart was accepted again: \(afterRestart.status) \(afterRestart.body)")
        let fresh = try Self.send(try PrivateKeyJWTStoreTests.assertion(key, client: "svc-keys"), to: node)
        #expect(fresh.status == 200, "\(fresh.body)")
    }
}

@Suite(.requires(Services.running, Services.skipMessage))
struct UsedAssertionPostgresTests {
    @Test func twoPostgresOnlyNodesAcceptAnAssertionOnceBetweenThem() throws {
        let fixture = try CLIFixture(redis: nil)
        defer { fixture.done() }
        let migrated = try fixture.tessera(["migrate"])
        #expect(migrated.status == 0, "\(migrated.stdout) \(migrated.stderr)")
        let key = try P256PrivateKey.generate()
        let jwksFile = fixture.directory.file("svc.jwks.json")
        try Data(UsedAssertionTests.jwks(key).utf8).write(to: jwksFile)
        let added = try fixture.tessera(["client", "add", "svc-keys", "--jwks", jwksFile.path, "--scope", "read", "--audience", "api"])
        #expect(added.status == 0, "\(added.stderr)")

        let config = TierConfig.yaml(redis: nil, database: fixture.database.url, keys: fixture.directory.file("keys").path)
        let nodes = [try TesseraProcess.start(config: config), try TesseraProcess.start(config: config)]
        defer { nodes.forEach { $0.stop() } }
        for round in 0..<10 {
            let assertion = try PrivateKeyJWTStoreTests.assertion(key, client: "svc-keys")
            let statuses = Locked<[Int]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let status = (try? UsedAssertionTests.send(assertion, to: nodes[index]))?.status ?? 0
                statuses.mutate { $0.append(status) }
            }
            let seen = statuses.value.sorted()
            #expect(seen == [200, 401], "round \(round): the same assertion on two nodes at once got \(seen)")
            // And later, on either node, it stays used.
            #expect(try UsedAssertionTests.send(assertion, to: nodes[round % 2]).status == 401)
        }
    }

    /// The claim statement: first use, a replay, an expired row taken over, expired rows purged.
    @Test func theTableClaimsOnceTakesOverExpiredRowsAndPurgesThem() throws {
        let database = try TestDatabase.migrated()
        defer { database.drop() }
        let pool = PostgresPool(options: PostgresPoolOptions(url: database.url, maxOpen: 2, maxIdle: 1))
        let early = PostgresAssertionReplayStore(pool: pool, clock: { 1_000 })
        let key = Array("svc".utf8) + [0] + Array("jti-1".utf8)
        #expect(try early.claim(key, milliseconds: 120_000))
        #expect(try !early.claim(key, milliseconds: 120_000))
        #expect(try early.claim(Array("svc".utf8) + [0] + Array("jti-2".utf8), milliseconds: 1))
        // Past the first one's exp: the same jti is a new assertion, and the expired rows go.
        let late = PostgresAssertionReplayStore(pool: pool, clock: { 2_000 })
        #expect(try late.claim(key, milliseconds: 60_000))
        #expect(try !late.claim(key, milliseconds: 60_000))
        let rows = try pool.withConnection { connection throws(StoreError) in
            try connection.exec("SELECT count(*) FROM tessera_used_assertions").rows.first?.first ?? nil
        }
        #expect(rows == "1")
    }

    /// PostgreSQL down while the client is still cached here: the jti cannot be recorded, so the
    /// answer is 503 -- never a 200 for an id not recorded, never `invalid_client` -- and the same
    /// assertion is accepted once PostgreSQL is back.
    @Test func postgresDownIsTemporarilyUnavailableAndTheAssertionStaysUnused() throws {
        let fixture = try CLIFixture.proxied()
        defer { fixture.done() }
        let key = try P256PrivateKey.generate()
        let jwksFile = fixture.directory.file("svc.jwks.json")
        try Data(UsedAssertionTests.jwks(key).utf8).write(to: jwksFile)
        let added = try fixture.tessera(["client", "add", "svc-keys", "--jwks", jwksFile.path, "--scope", "read", "--audience", "api"])
        #expect(added.status == 0, "\(added.stderr)")
        let node = try fixture.serve()
        defer { node.stop() }
        let warm = try UsedAssertionTests.send(try PrivateKeyJWTStoreTests.assertion(key, client: "svc-keys"), to: node)
        #expect(warm.status == 200, "\(warm.body)")

        fixture.proxy.cut()
        let assertion = try PrivateKeyJWTStoreTests.assertion(key, client: "svc-keys")
        let down = try UsedAssertionTests.send(assertion, to: node)
        #expect(down.status == 503 && down.json["error"] as? String == "temporarily_unavailable", "\(down.status) \(down.body)")

        try fixture.proxy.open()
        #expect(eventually(timeout: 4, interval: 0.05) { (try? UsedAssertionTests.send(assertion, to: node))?.status == 200 },
                "the assertion refused while PostgreSQL was down was not accepted once it was back")
        #expect(try UsedAssertionTests.send(assertion, to: node).status == 401)
    }
}
