import Foundation
import Testing
import TesseraTesting

/// A request answered again after work off the I/O thread is admitted by the per-client rate
/// limiter once: the token shared through Redis is looked up after the rate check, and answering
/// the request again must not spend a second request of the client's budget.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SharedReuseAdmissionTests {
    @Test(.requires(TestServices.redisServerInstalled, Comment(rawValue: TestServices.skipMessage)))
    func aClientAllowedOneRequestASecondGetsItsTokenSharedThroughRedis() throws {
        var svc: GeneratedSecret!
        let deployment = try Deployment(redis: true) { config in
            config.perClientRPS = 1
            config.perClientBurst = 0
        }
        defer { deployment.close() }
        svc = try deployment.addStatic("svc", scopes: ["read"], audiences: ["api"])
        try deployment.write()
        try deployment.startAll()

        let first = try deployment.node.token("svc", svc.secret)
        #expect(first.status == 200, "the one request its bucket holds was refused: \(first)")
        #expect(first.header("Server-Timing")?.contains("redis") == true, "the token was not shared through Redis: \(first)")
        let second = try deployment.node.token("svc", svc.secret)
        #expect(second.status == 429, "a second request within the second: \(second)")
    }
}
