import Foundation
import Testing

/// `tokens.ttl: 4s` with `reuse_min_remaining: 2s`.
@Suite(.serialized, .server { try .shortTTL() })
struct ShortTTLTests {
    @Test func reuseStopsOnceTheTokenHasLessThanReuseMinRemaining() throws {
        let server = try currentServer()
        let client = server.setup.client("brief")
        let started = Date()
        let (first, jwt) = try server.token(.basic(client))
        #expect(jwt.integer("exp").map { $0 - (jwt.integer("iat") ?? 0) } == 4, "exp - iat for a 4s ttl")
        #expect(((first["expires_in"] as? NSNumber)?.intValue ?? 0) <= 4)
        let (second, _) = try server.token(.basic(client))
        try #require(Date().timeIntervalSince(started) < 1.5, "too slow to observe reuse")
        #expect(second["access_token"] as? String == first["access_token"] as? String, "a fresh token is reused")
        Thread.sleep(forTimeInterval: max(0, 2.6 - Date().timeIntervalSince(started)))
        let (third, _) = try server.token(.basic(client))
        #expect(third["access_token"] as? String != first["access_token"] as? String,
                "a token with under 2 s left was handed out again")
    }
}
