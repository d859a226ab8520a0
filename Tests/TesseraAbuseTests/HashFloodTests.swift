import Foundation
import Glibc
import Testing
import TesseraTesting

/// A flood of wrong secrets for a PBKDF2-hashed client, with the per-client failure limit off:
/// the global cap on slow hashes queues a few and refuses the rest at once with 503 and
/// Retry-After, and a normal client is served meanwhile.
@Suite(.serialized, .server { try .slowHashFlood() })
struct HashFloodTests {
    static let secret = "a chosen secret, hashed slowly"

    @Test func wrongSecretFloodIsCappedAndFailsFast() throws {
        let server = try currentServer()
        let normal = server.setup.client("normal")
        let base = try AbuseProbe.baseline(server, normal)
        var wrong = server.setup.client("slow")
        wrong.secret = "not the secret"
        let flood = AbuseProbe.connect(server, count: 48)
        defer { flood.forEach { $0.close() } }
        let request = TokenRequest.basic(wrong).text
        for client in flood { _ = AbuseProbe.send(client, request) }

        let latency = try AbuseProbe.timedToken(server, normal)
        #expect(latency < AbuseProbe.bound(base.latency), "normal request took \(latency) s during the flood (quiet: \(base.latency) s)")

        var statuses: [Int: Int] = [:]
        var retryAfter: Set<String> = []
        for client in flood {
            client.setTimeout(30)
            guard let response = try? client.readResponse() else {
                Issue.record("a flood request got no answer")
                continue
            }
            statuses[response.status, default: 0] += 1
            if response.status == 503 {
                Expect.oauthError(response, status: 503, error: "temporarily_unavailable")
                retryAfter.insert(response.header("Retry-After") ?? "none")
            }
        }
        #expect(Set(statuses.keys).isSubset(of: [401, 503]), "statuses \(statuses)")
        #expect((statuses[503] ?? 0) > 0, "no request was refused: the slow-hash queue is not bounded (\(statuses))")
        #expect((statuses[401] ?? 0) > 0, "no wrong secret was checked at all (\(statuses))")
        #expect(retryAfter == ["1"], "Retry-After of the 503s: \(retryAfter)")

        // Once the flood has drained, the client with its right secret gets its token.
        let right = server.setup.client("slow")
        var status = 0
        let deadline = Date().addingTimeInterval(20)
        while status != 200 && Date() < deadline {
            status = try server.send(TokenRequest.basic(right).text, timeout: 20).status
            if status != 200 { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(status == 200)
    }
}
