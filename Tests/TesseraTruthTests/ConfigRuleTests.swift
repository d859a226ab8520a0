import Foundation
import Testing
import TesseraTesting

/// The config rules: key file permissions, the `reuse_min_remaining` default and bound.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ConfigRuleTests {
    /// A deployment whose node has run once (so the key directory holds a generated key), stopped.
    static func withGeneratedKey() throws -> (Deployment, URL) {
        let deployment = try Deployment()
        try deployment.addStatic("svc", scopes: ["read"], audiences: ["api"])
        try deployment.write()
        try deployment.startAll()
        deployment.node.stop()
        let keys = URL(fileURLWithPath: deployment.config.keysDirectory)
        let files = try FileManager.default.contentsOfDirectory(atPath: keys.path).filter { $0.hasSuffix(".pem") }
        let file = try #require(files.first, "no key file generated in \(keys.path)")
        return (deployment, keys.appendingPathComponent(file))
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var what: String
        var file: mode_t
        var directory: mode_t
        var testDescription: String { what }
    }

    @Test(arguments: [
        Case(what: "key file 0666", file: 0o666, directory: 0o700),
        Case(what: "key file 0620", file: 0o620, directory: 0o700),
        Case(what: "key directory 0777", file: 0o600, directory: 0o777),
        Case(what: "key directory 0770", file: 0o600, directory: 0o770),
    ])
    func writableKeyFileOrDirectoryIsRefusedAtStart(_ test: Case) throws {
        let (deployment, file) = try Self.withGeneratedKey()
        defer { deployment.close() }
        chmod(file.path, test.file)
        chmod(file.deletingLastPathComponent().path, test.directory)
        let named = test.file & 0o022 != 0 ? file.path : file.deletingLastPathComponent().path
        let (exit, stderr) = try deployment.node.startExpectingExit()
        #expect(exit == Spawn.Exit(status: 2, signaled: false), "\(test.what): serve gave \(exit.map(\.description) ?? "no exit (it started)"); stderr: \(stderr.suffix(600))")
        #expect(stderr.contains(named), "\(test.what): stderr does not name \(named): \(stderr.suffix(600))")
        #expect(stderr.contains("chmod"), "\(test.what): stderr does not say which chmod fixes it: \(stderr.suffix(600))")
    }

    @Test func writableKeyFileIsRefusedAtReload() throws {
        let (deployment, file) = try Self.withGeneratedKey()
        defer { deployment.close() }
        try deployment.node.start()
        chmod(file.path, 0o666)
        let outcome = try deployment.node.reload()
        #expect(outcome == .refused, "a key file made 0666 was taken at reload")
        #expect(deployment.node.isRunning)
        #expect(deployment.node.stderr.contains(file.path), "the refusal does not name the key file: \(deployment.node.stderr.suffix(600))")
    }

    @Test func groupReadableKeyFileLoadsWithAWarning() throws {
        let (deployment, file) = try Self.withGeneratedKey()
        defer { deployment.close() }
        chmod(file.path, 0o640)
        try deployment.node.start()
        let warning = deployment.node.stderr.split(separator: "\n").first { $0.contains(file.path) }
        #expect(warning.map { $0.contains("warn") } == true, "no warning line naming \(file.path): \(deployment.node.stderr.suffix(600))")
    }

    @Test func reuseMinRemainingDefaultsBelowAShortTTL() throws {
        let deployment = try Deployment { config in config.ttl = "2s" }
        defer { deployment.close() }
        let svc = try deployment.startAll(withStatic: "svc", scopes: ["read"], audiences: ["api"])
        let first = try issued(deployment.node.token("svc", svc.secret))
        #expect(first.exp - first.iat == 2)
        // Default min(5m, ttl/2) = 1 s: reused while at least 1 s is left, never after exp.
        Thread.sleep(forTimeInterval: 2.2)
        let later = try issued(deployment.node.token("svc", svc.secret))
        #expect(later.jti != first.jti, "an expired token was handed out again")
    }

    @Test(arguments: ["2s", "3s"])
    func explicitReuseMinRemainingOfTTLOrMoreIsAConfigError(_ value: String) throws {
        let deployment = try Deployment { config in
            config.ttl = "2s"
            config.reuseMinRemaining = value
        }
        defer { deployment.close() }
        try deployment.addStatic("svc", scopes: ["read"], audiences: ["api"])
        try deployment.write()
        let (exit, stderr) = try deployment.node.startExpectingExit()
        #expect(exit == Spawn.Exit(status: 2, signaled: false), "reuse_min_remaining \(value) with ttl 2s: \(exit.map(\.description) ?? "started")")
        #expect(stderr.contains("reuse_min_remaining"), "\(stderr.suffix(400))")
    }
}
