import Foundation
import Testing
import TesseraTesting

/// Contract, "Every answer follows the truth", rule 1: reuse never hands out what introspection
/// would refuse, nor a grant the same request would not get now (stale grants, algorithm
/// switches). Embedded mode: config reloads only.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ReuseCoherenceTests {
    /// Lets a node switch its algorithm to HS256 and back.
    static let hs256Secret = "an-hs256-secret-of-at-least-32-bytes-for-the-test"

    @Test func scopeRemovedByReloadIsNeverHandedOutAgain() throws {
        let deployment = try Deployment()
        defer { deployment.close() }
        let svc = try deployment.startAll(withStatic: "svc", scopes: ["read", "write", "admin"], audiences: ["api"])
        let node = deployment.node

        let admin = try issued(node.token("svc", svc.secret, scope: "admin"))
        #expect(admin.scopes == ["admin"])
        #expect(try issued(node.token("svc", svc.secret, scope: "read")).scopes == ["read"])

        deployment.config.clients[1].scopes = ["read", "write"]
        try deployment.reloadAll()

        let read = try issued(node.token("svc", svc.secret, scope: "read"))
        #expect(read.scopes == ["read"], "scope=read after removing admin: \(read)")
        #expect(read.jti != admin.jti, "the admin token was handed out for scope=read")
        let all = try issued(node.token("svc", svc.secret))
        #expect(all.scopes == ["read", "write"], "no scope after removing admin: \(all)")
        #expect(try node.token("svc", svc.secret, scope: "admin").status == 400, "admin is still granted after its removal")
    }

    @Test func algorithmSwitchAndReloadIssueAFreshTokenThatIntrospectsActive() throws {
        let deployment = try Deployment { config in config.hs256Secret = Self.hs256Secret }
        defer { deployment.close() }
        let svc = try deployment.startAll(withStatic: "svc", scopes: ["read"], audiences: ["api"])
        let node = deployment.node

        let first = try issued(node.token("svc", svc.secret))
        #expect(first.alg == "EdDSA")
        for algorithm in ["HS256", "EdDSA", "HS256"] {
            deployment.config.algorithm = algorithm
            try deployment.reloadAll()
            let token = try issued(node.token("svc", svc.secret))
            #expect(token.alg == algorithm, "after switching to \(algorithm) and SIGHUP the node handed out \(token)")
            #expect(try deployment.isActive(token.token), "the \(token.alg) token handed out after switching to \(algorithm) introspects inactive")
        }
    }

    /// "keys of the previous algorithm stay published until every token they signed has expired":
    /// a switch of algorithm leaves every token issued before it valid, in both directions.
    @Test func tokensOfThePreviousAlgorithmStayActiveAfterASwitch() throws {
        let deployment = try Deployment { config in config.hs256Secret = Self.hs256Secret }
        defer { deployment.close() }
        let svc = try deployment.startAll(withStatic: "svc", scopes: ["read"], audiences: ["api"])

        var tokens = [try issued(deployment.node.token("svc", svc.secret))]
        for algorithm in ["HS256", "EdDSA"] {
            deployment.config.algorithm = algorithm
            try deployment.reloadAll()
            tokens.append(try issued(deployment.node.token("svc", svc.secret)))
            for token in tokens {
                #expect(try deployment.isActive(token.token), "the \(token.alg) token is inactive after switching to \(algorithm)")
            }
        }
    }

    @Test func defaultAudienceAppliesOnlyWhereTheClientHoldsIt() throws {
        let deployment = try Deployment { config in config.defaultAudience = ["shared"] }
        defer { deployment.close() }
        let both = try deployment.addStatic("both", scopes: ["read"], audiences: ["api", "shared"])
        let own = try deployment.startAll(withStatic: "own", scopes: ["read"], audiences: ["api", "billing"])

        #expect(try issued(deployment.node.token("both", both.secret)).audiences == ["shared"])
        let token = try issued(deployment.node.token("own", own.secret))
        #expect(token.audiences == ["api", "billing"], "a client not holding the default audience got \(token.audiences)")
    }
}
