import Foundation
import Testing
import TesseraTesting

/// `limits.per_client_rps: 1` with `per_client_burst: 2`: a bucket of three, refilled at one a
/// second. The end-to-end rate tests elsewhere cover the burst-less bucket and the failure window.
@Suite(.serialized, .server {
    ServerSetup(
        sections: ["limits": ["per_client_rps: 1", "per_client_burst: 2"]],
        clients: [try .generated("bursty", scopes: ["read"], audiences: ["api"])]
    )
})
struct BurstLimitTests {
    @Test func burstAboveTheRateIsServedThenRefusedUntilTheBucketRefills() throws {
        let server = try currentServer()
        let client = server.setup.client("bursty")
        let connection = try RawClient(port: server.port)
        let statuses = try (0..<4).map { _ in try connection.exchange(TokenRequest.basic(client).text) }
        #expect(statuses.prefix(3).map(\.status) == [200, 200, 200], "\(statuses.map(\.status))")
        Expect.oauthError(statuses[3], status: 429, error: "rate_limited")
        #expect(statuses[3].header("Retry-After") == "1", "Retry-After: \(statuses[3].header("Retry-After") ?? "none")")
        Thread.sleep(forTimeInterval: 1.2)
        #expect(try connection.exchange(TokenRequest.basic(client).text).status == 200, "the bucket did not refill")
    }
}
