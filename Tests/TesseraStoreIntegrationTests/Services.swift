import Foundation
import Testing
import TesseraTesting

/// The Redis and PostgreSQL of `scripts/services` (TESSERA_TEST_REDIS_URL, TESSERA_TEST_DATABASE_URL).
/// Without them the suites skip, with a message saying how to run them; with
/// TESSERA_REQUIRE_SERVICES=1 (scripts/test, CI) they run and a missing server fails them.
enum Services {
    static let redisURL = TestServices.redisURL
    static let databaseURL = TestServices.databaseURL

    /// Both servers are there (the `.requires` gate runs the suites anyway when they are required).
    static let running = redisURL != nil && databaseURL != nil
    static let skipMessage: Comment =
        "Redis/PostgreSQL integration tests skipped: run `eval \"$(scripts/services start | sed 's/^/export /')\"` first, or scripts/test"

    static func redis() throws -> String {
        guard let redisURL else {
            throw ServiceMissing("TESSERA_TEST_REDIS_URL is not set but TESSERA_REQUIRE_SERVICES=1: start scripts/services")
        }
        return redisURL
    }

    static func database() throws -> String { try TestServices.database() }

    /// A short random suffix for ids, keys and database names, so parallel tests never collide.
    static func unique(_ prefix: String) -> String { TestServices.unique(prefix) }

    /// The Redis port of a `redis://host:port/db` URL.
    static func port(ofRedis url: String) -> Int32 {
        let hostPort = url.dropFirst("redis://".count).split(separator: "/").first ?? ""
        return Int32(hostPort.split(separator: ":").last ?? "") ?? 6379
    }
}
