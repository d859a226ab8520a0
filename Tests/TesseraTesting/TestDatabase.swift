import Foundation

/// A PostgreSQL database of one test's own on the shared server (created with `psql` through the
/// server's `tessera` role, which may CREATEDB), reachable directly (`url`) and through a proxy
/// that a test can cut (`proxiedURL`); dropped by `drop()`. The schema is left to `tessera migrate`.
package final class TestDatabase: @unchecked Sendable {
    // @unchecked: immutable; the proxy synchronises itself.
    package let name: String
    /// Straight to the server.
    package let url: String
    package let proxy: TCPProxy
    /// Through `proxy`: "PostgreSQL down" is `proxy.cut()`, back up is `proxy.open()`.
    package let proxiedURL: String
    private let adminURL: String

    package init() throws {
        adminURL = try TestServices.database()
        name = TestServices.unique("tessera_truth")
        let created = try TesseraBinary.runProgram("/usr/bin/psql", [adminURL, "-v", "ON_ERROR_STOP=1", "-qAtc", "CREATE DATABASE \(name)"], timeout: 30)
        guard created.status == 0 else { throw ServiceMissing("psql CREATE DATABASE failed: \(created)") }
        url = Self.replacing(in: adminURL, database: name, hostPort: nil)
        let (_, port) = Self.hostPort(of: adminURL)
        proxy = try TCPProxy(upstreamPort: port)
        proxiedURL = Self.replacing(in: adminURL, database: name, hostPort: "127.0.0.1:\(proxy.port)")
    }

    /// One SQL statement straight to the database; its rows, `|`-separated.
    package func query(_ sql: String) throws -> [String] {
        let outcome = try TesseraBinary.runProgram("/usr/bin/psql", [url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], timeout: 30)
        guard outcome.status == 0 else { throw HarnessError.unexpected("psql \(sql): \(outcome)") }
        return outcome.stdoutLines
    }

    package func drop() {
        proxy.cut()
        _ = try? TesseraBinary.runProgram("/usr/bin/psql", [adminURL, "-qAtc", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"], timeout: 30)
    }

    /// host and port of `postgres://user:pass@host:port/db?...`.
    static func hostPort(of url: String) -> (String, Int32) {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let parts = authority.split(separator: ":")
        return (String(parts.first ?? "127.0.0.1"), parts.count > 1 ? Int32(parts[1]) ?? 5432 : 5432)
    }

    static func replacing(in url: String, database: String, hostPort: String?) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = String(rest[..<authorityEnd])
        if let hostPort {
            if let at = authority.lastIndex(of: "@") {
                authority = String(authority[...at]) + hostPort
            } else {
                authority = hostPort
            }
        }
        let tail = rest[authorityEnd...]
        let query = tail.firstIndex(of: "?").map { String(tail[$0...]) } ?? ""
        return String(url[..<scheme.upperBound]) + authority + "/" + database + query
    }
}
