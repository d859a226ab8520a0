import Foundation
import Testing
import TesseraTesting

/// Contract rule 4: identity is bytes. A NUL byte in a presented id never aliases a client, and a
/// Unicode look-alike is a different client, scope and audience (`victim%00xyz`, KELVIN SIGN).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct IdentityBytesTests {
    static let kelvin = "\u{212A}"

    @Test func kelvinSignLookalikeNeverLocksOutTheRealClient() throws {
        let deployment = try Deployment { config in config.authFailuresPerMinute = 5 }
        defer { deployment.close() }
        let real = try deployment.startAll(withStatic: "Kms-svc", scopes: ["read"], audiences: ["api"])

        for attempt in 0..<15 {
            let answer = try deployment.node.token(Self.kelvin + "ms-svc", "wrong-secret-\(attempt)")
            #expect(answer.status == 401 || answer.status == 429, "\(answer)")
        }
        let answer = try deployment.node.token("Kms-svc", real.secret)
        #expect(answer.status == 200, "Kms-svc with its own secret after 15 failures of \\u212Ams-svc: \(answer)")
    }

    @Test func kelvinSignScopeAndAudienceAreNotGranted() throws {
        let deployment = try Deployment()
        defer { deployment.close() }
        let svc = try deployment.startAll(withStatic: "svc", scopes: ["Kafka-api"], audiences: ["Kafka-api"])

        let scope = try deployment.node.token("svc", svc.secret, scope: Self.kelvin + "afka-api")
        #expect(scope.status == 400 && scope.error == "invalid_scope", "scope \\u212Aafka-api for a client holding Kafka-api: \(scope)")
        let audience = try deployment.node.token("svc", svc.secret, audiences: [Self.kelvin + "afka-api"])
        #expect(audience.status == 400 && audience.error == "invalid_target", "audience \\u212Aafka-api: \(audience)")
        #expect(try issued(deployment.node.token("svc", svc.secret, scope: "Kafka-api")).scopes == ["Kafka-api"])
    }

    /// The alias in the form body (client_secret_post) and in Basic, with the right secret, a wrong
    /// one, while `victim` is locked out, and after rotate-secret.
    @Test(.requires(TestServices.databaseURL != nil, Comment(rawValue: TestServices.skipMessage)))
    func nulByteAliasIsInvalidClient() throws {
        let deployment = try Deployment(database: true) { config in config.authFailuresPerMinute = 10 }
        defer { deployment.close() }
        try deployment.startAll()
        let node = deployment.node
        let secret = try deployment.addClient("victim", scopes: ["read"], audiences: ["api"])
        #expect(try node.token("victim", secret).status == 200)

        // Every refusal is held to the server's floor: the requests of each step go at once.
        let aliases = ["victim\u{0}xyz", "victim\u{0}", "victim\u{1}"]
        let aliased = try concurrently(aliases.count * 2) { index in
            try node.token(aliases[index / 2], secret, post: index % 2 == 1)
        }
        for (index, answer) in aliased.enumerated() {
            #expect(answer.status == 401 && answer.error == "invalid_client",
                    "\(aliases[index / 2].debugDescription) with victim's secret (\(index % 2 == 1 ? "post" : "basic")): \(answer)")
        }
        // Wrong secrets through aliases, then victim's own failures up to its limit: no alias gets through.
        for answer in try concurrently(30, { attempt in try node.token("victim\u{0}a\(attempt)", "wrong", post: true) }) {
            #expect(answer.status != 200, "\(answer)")
        }
        _ = try concurrently(12) { attempt in try node.token("victim", "wrong-\(attempt)") }
        let locked = try node.token("victim", secret)
        #expect(locked.status == 429, "victim after 12 wrong secrets: \(locked)")
        let throughAlias = try node.token("victim\u{0}zz", secret, post: true)
        #expect(throughAlias.status != 200, "the right secret through an alias while victim is locked: \(throughAlias)")

        let rotated = try deployment.cli(["client", "rotate-secret", "victim"])
        #expect(rotated.status == 0, "\(rotated)")
        let old = try node.token("victim\u{0}xyz", secret, post: true)
        #expect(old.status != 200, "the old secret through a primed alias after rotate-secret: \(old)")

        let refused = try deployment.cli(["client", "add", "bad\u{1}id", "--scope", "read", "--audience", "api"])
        #expect(refused.status == 2, "client add of an id with a control character: \(refused)")
    }
}
