import Foundation
import Testing
import TesseraTesting

/// `limits.per_client_rps: 1` with no burst.
@Suite(.serialized, .server { try .rateLimited() })
struct RateLimitTests {
    @Test func clientOverItsRateGets429WithRetryAfter() throws {
        let server = try currentServer()
        let limited = server.setup.client("limited")
        let connection = try RawClient(port: server.port)
        let responses = try (0..<3).map { _ in try connection.exchange(TokenRequest.basic(limited).text) }
        _ = try Expect.token(responses[0])
        for response in responses.dropFirst() {
            Expect.oauthError(response, status: 429, error: "rate_limited")
            let retryAfter = response.header("Retry-After").flatMap { Int($0) }
            #expect(retryAfter != nil && retryAfter! >= 1, "Retry-After: \(response.header("Retry-After") ?? "none")")
        }
        // The limit is per client: another client is still served.
        _ = try server.token(.basic(server.setup.client("bystander")))
    }
}

/// `limits.auth_failures_per_minute: 3`.
@Suite(.serialized, .server { try .authFailureLimited() })
struct AuthFailureLimitTests {
    @Test func repeatedAuthFailuresLockTheClientIDOut() throws {
        let server = try currentServer()
        let locked = server.setup.client("locked")
        var wrong = locked
        wrong.secret = "not-the-secret"
        for attempt in 1...4 {
            let response = try server.send(.basic(wrong))
            if attempt <= 3 {
                Expect.oauthError(response, status: 401, error: "invalid_client")
            } else {
                #expect(response.status == 401 || response.status == 429, "\(response)")
            }
        }
        let response = try server.send(.basic(locked))
        Expect.oauthError(response, status: 429, error: "rate_limited")
        let retryAfter = response.header("Retry-After").flatMap { Int($0) }
        #expect(retryAfter != nil && retryAfter! >= 1 && retryAfter! <= 60, "Retry-After: \(response.header("Retry-After") ?? "none")")
        _ = try server.token(.basic(server.setup.client("bystander")))
    }
}
