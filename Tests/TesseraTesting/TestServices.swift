import Foundation

/// The Redis and PostgreSQL of `scripts/services` (TESSERA_TEST_REDIS_URL, TESSERA_TEST_DATABASE_URL).
/// Without them the suites that need them skip; with TESSERA_REQUIRE_SERVICES=1 (scripts/test, CI)
/// they run, and a missing server fails them.
package enum TestServices {
    static let environment = ProcessInfo.processInfo.environment
    package static let redisURL = environment["TESSERA_TEST_REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }
    package static let databaseURL = environment["TESSERA_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    package static let required = environment["TESSERA_REQUIRE_SERVICES"] == "1"

    package static let skipMessage =
        "needs Redis/PostgreSQL: run `eval \"$(scripts/services start | sed 's/^/export /')\"` first, or scripts/test"

    /// Whether the suites that need only redis-server (a private one) can run here.
    package static var redisServerInstalled: Bool {
        ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    package static func database() throws -> String {
        guard let databaseURL else {
            throw ServiceMissing("TESSERA_TEST_DATABASE_URL is not set but TESSERA_REQUIRE_SERVICES=1: start scripts/services")
        }
        return databaseURL
    }

    /// A short random suffix for ids and database names, so parallel tests never collide.
    package static func unique(_ prefix: String) -> String {
        "\(prefix)_\(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF)"
    }
}

/// A server a test needs is not there.
package struct ServiceMissing: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
