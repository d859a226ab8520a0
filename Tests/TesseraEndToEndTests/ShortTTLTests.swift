import Foundation
import Testing
import TesseraTesting

/// `tokens.ttl: 6s` with `reuse_min_remaining: 3s`. Claims are whole seconds, so the waits
/// leave a second of slack either way.
@Suite(.serialized, .server { try .shortTTL() })
struct ShortTTLTests {
    @Test func reuseStopsOnceTheTokenHasLessThanReuseMinRemaining() throws {
        let server = try currentServer()
        let client = server.setup.client("brief")
        let started = Date()
        let (first, jwt) = try server.token(.basic(client))
        #expect(jwt.integer("exp").map { $0 - (jwt.integer("iat") ?? 0) } == 6, "exp - iat for a 6s ttl")
        #expect(((first["expires_in"] as? NSNumber)?.intValue ?? 0) <= 6)
        let (second, _) = try server.token(.basic(client))
        try #require(Date().timeIntervalSince(started) < 1.5, "too slow to observe reuse")
        #expect(second["access_token"] as? String == first["access_token"] as? String, "a fresh token is reused")
        // At 4.1 s the token has at most 2 s left (under 3 s) and is not yet expired.
        Thread.sleep(forTimeInterval: max(0, 4.1 - Date().timeIntervalSince(started)))
        let (third, _) = try server.token(.basic(client))
        #expect(third["access_token"] as? String != first["access_token"] as? String,
                "a token with under 3 s left was handed out again")
    }
}
