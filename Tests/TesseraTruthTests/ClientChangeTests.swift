import Foundation
import Testing
import TesseraTesting

/// Contract rules 1 and 3 through the client commands against PostgreSQL (with Redis): after
/// remove, re-add, rotate-secret and revoke-tokens, reuse hands out a fresh token and the tokens
/// the change kills are inactive on every node within 1 s.
@Suite(.serialized, .timeLimit(.minutes(3)), .requires(TestServices.databaseURL != nil, Comment(rawValue: TestServices.skipMessage)))
struct ClientChangeTests {
    /// Within the contract's 1 s (plus scheduling slack on a loaded machine).
    static let bound = TestTiming.bound(1)

    static func becomesInactive(_ token: JWTClaims, in deployment: Deployment) throws -> Bool {
        try eventually(timeout: bound) { try !deployment.isActive(token.token) }
    }

    @Test func removedAndReaddedClientWithFewerScopesNeverGetsTheOldToken() throws {
        let deployment = try Deployment(redis: true, database: true)
        defer { deployment.close() }
        try deployment.startAll()
        let node = deployment.node

        let first = try deployment.addClient("svc", scopes: ["read", "admin"], audiences: ["api"])
        let wide = try issued(node.token("svc", first))
        #expect(wide.scopes == ["admin", "read"])
        #expect(try deployment.cli(["client", "remove", "svc"]).status == 0)
        let second = try deployment.addClient("svc", scopes: ["read"], audiences: ["api"])
        try deployment.restart(node)

        let token = try issued(node.token("svc", second))
        #expect(token.scopes == ["read"], "the re-added client got \(token)")
        #expect(token.jti != wide.jti, "the re-added client got the removed registration's token")
        #expect(try !deployment.isActive(wide.token), "the removed registration's token is active")
    }

    @Test func rotateSecretMakesReuseIssueAFreshToken() throws {
        let deployment = try Deployment(redis: true, database: true)
        defer { deployment.close() }
        try deployment.startAll()
        let node = deployment.node
        let secret = try deployment.addClient("svc", scopes: ["read"], audiences: ["api"])
        let before = try issued(node.token("svc", secret))

        let rotated = try deployment.cli(["client", "rotate-secret", "svc"])
        let newSecret = try #require(rotated.stdoutLines.first, "\(rotated)")
        let fresh = try eventually(timeout: Self.bound) { try node.token("svc", newSecret).status == 200 }
        #expect(fresh, "the new secret is not accepted within 1 s")
        let after = try issued(node.token("svc", newSecret))
        #expect(after.jti != before.jti, "rotate-secret: reuse handed out the token issued before it")
        #expect(try deployment.isActive(before.token), "rotate-secret without --revoke-tokens keeps issued tokens valid")
        #expect(try node.token("svc", secret).status == 401, "the old secret still works")
    }

    @Test func clientRemoveKillsItsTokensAndItsReuseKeys() throws {
        let deployment = try Deployment(redis: true, database: true)
        defer { deployment.close() }
        try deployment.startAll()
        let secret = try deployment.addClient("svc", scopes: ["read"], audiences: ["api"])
        let token = try issued(deployment.node.token("svc", secret))
        func entries() throws -> [String] {
            try deployment.reuseEntries().filter { $0.key.contains("svc") || $0.value.contains(token.jti) }.map(\.key)
        }
        #expect(try !entries().isEmpty, "premise: a tessera:reuse:* entry for svc")

        #expect(try deployment.cli(["client", "remove", "svc"]).status == 0)
        #expect(try Self.becomesInactive(token, in: deployment), "the removed client's token is active after 1 s")
        let gone = try eventually(timeout: Self.bound) { try entries().isEmpty }
        let left = try entries()
        #expect(gone, "tessera:reuse:* entries of the removed client after 1 s: \(left)")
    }

    @Test func revokeTokensMakesEveryEarlierTokenInactive() throws {
        let deployment = try Deployment(nodes: 2, redis: true, database: true)
        defer { deployment.close() }
        try deployment.startAll()
        let secret = try deployment.addClient("svc", scopes: ["read", "write"], audiences: ["api"])
        let tokens = try [nil, "read", "write"].map { try issued(deployment.nodes[0].token("svc", secret, scope: $0)) }

        let outcome = try deployment.cli(["client", "revoke-tokens", "svc"])
        #expect(outcome.status == 0, "client revoke-tokens: \(outcome)")
        for node in deployment.nodes {
            for token in tokens {
                let dead = try eventually(timeout: Self.bound) { try !deployment.isActive(token.token, on: node) }
                #expect(dead, "\(token) is active on \(node.name) after client revoke-tokens")
            }
        }
        Thread.sleep(forTimeInterval: 1.1)  // a token issued in a later second than the command
        let fresh = try issued(deployment.nodes[1].token("svc", secret))
        #expect(!tokens.map(\.jti).contains(fresh.jti), "reuse handed out a token killed by revoke-tokens")
        #expect(try deployment.isActive(fresh.token), "a token issued after revoke-tokens is inactive")
    }

    @Test func rotateSecretWithRevokeTokensKillsIssuedTokens() throws {
        let deployment = try Deployment(redis: true, database: true)
        defer { deployment.close() }
        try deployment.startAll()
        let secret = try deployment.addClient("svc", scopes: ["read"], audiences: ["api"])
        let token = try issued(deployment.node.token("svc", secret))

        let rotated = try deployment.cli(["client", "rotate-secret", "svc", "--revoke-tokens"])
        #expect(rotated.status == 0, "client rotate-secret --revoke-tokens: \(rotated)")
        #expect(try Self.becomesInactive(token, in: deployment), "a token issued before rotate-secret --revoke-tokens is active")
        if let newSecret = rotated.stdoutLines.first, rotated.status == 0 {
            let fresh = try issued(deployment.node.token("svc", newSecret))
            #expect(fresh.jti != token.jti)
        }
    }
}
