import Foundation
import Testing
import TesseraTesting

/// Contract rule 5's second half: "every change is applied within 1 s of the stores coming back",
/// and rule 3 across an outage: a client removed while a store is down stays removed, restarts
/// included. (Found by the model-based test against an earlier fix.)
@Suite(.serialized, .timeLimit(.minutes(2)))
struct OutageChangeTests {
    static let bound = TestTiming.bound(1)

    /// Redis only: `clients:` loses a client while Redis is down; after Redis is back and the node
    /// restarts, that client's token is still dead.
    @Test(.requires(TestServices.redisServerInstalled, Comment(rawValue: TestServices.skipMessage)))
    func removalFromClientsDuringARedisOutageSurvivesARestart() throws {
        let deployment = try Deployment(redis: true)
        defer { deployment.close() }
        let svc = try deployment.startAll(withStatic: "svc", scopes: ["read"], audiences: ["api"])
        let token = try issued(deployment.node.token("svc", svc.secret))

        let proxy = try #require(deployment.redisProxy)
        proxy.cut()
        deployment.config.clients.removeAll { $0.id == "svc" }
        try deployment.reloadAll()
        let during = try deployment.node.introspect(token.token, as: deployment.gatewayCredentials)
        #expect(during.status == 503 || during.json["active"] as? Bool == false, "right after the removal: \(during)")
        try proxy.open()
        Thread.sleep(forTimeInterval: Self.bound)
        try deployment.restart(deployment.node)
        #expect(try !deployment.isActive(token.token), "a client removed from clients: while Redis was down has an active token after a restart")
    }

    /// Redis down, `client remove` in PostgreSQL (its announcement lost), Redis back: within 1 s
    /// the node refuses the client and its token.
    @Test(.requires(TestServices.databaseURL != nil, Comment(rawValue: TestServices.skipMessage)))
    func clientRemovedWhileRedisWasDownIsGoneWithinASecondOfItsReturn() throws {
        let deployment = try Deployment(redis: true, database: true)
        defer { deployment.close() }
        try deployment.startAll()
        let secret = try deployment.addClient("svc", scopes: ["read"], audiences: ["api"])
        let token = try issued(deployment.node.token("svc", secret))

        let proxy = try #require(deployment.redisProxy)
        proxy.cut()
        let removed = try deployment.cli(["client", "remove", "svc"])
        #expect(removed.status == 0, "client remove with Redis down: \(removed)")
        try proxy.open()
        let gone = try eventually(timeout: Self.bound) { try deployment.node.token("svc", secret).status == 401 }
        let answer = try deployment.node.token("svc", secret)
        #expect(gone, "the removed client still gets \(answer) more than 1 s after Redis came back")
        #expect(try eventually(timeout: Self.bound) { try !deployment.isActive(token.token) }, "its token is active")
    }

    /// An unknown id the node has answered 401 for; Redis down, `client add`, Redis back: within
    /// 1 s the node accepts the new client.
    @Test(.requires(TestServices.databaseURL != nil, Comment(rawValue: TestServices.skipMessage)))
    func clientAddedWhileRedisWasDownIsKnownWithinASecondOfItsReturn() throws {
        let deployment = try Deployment(redis: true, database: true)
        defer { deployment.close() }
        try deployment.startAll()
        #expect(try deployment.node.token("late", "anything").status == 401)

        let proxy = try #require(deployment.redisProxy)
        proxy.cut()
        let secret = try deployment.addClient("late", scopes: ["read"], audiences: ["api"])
        try proxy.open()
        let known = try eventually(timeout: Self.bound) { try deployment.node.token("late", secret).status == 200 }
        let answer = try deployment.node.token("late", secret)
        #expect(known, "the client added while Redis was down still gets \(answer) more than 1 s after Redis came back")
    }
}
