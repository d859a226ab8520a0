import Foundation
import Testing
import TesseraTesting

/// `admin.listen` on the public listener's address is a configuration error (exit 2, one line
/// naming `admin.listen`) found before anything binds, not a bind failure (exit 1) after the
/// public listener is already up (port 0 on both is two free ports: `AdminConfigTests`).
@Suite struct AdminListenConflictTests {
    @Test func anAdminListenerOnThePublicAddressIsAConfigError() throws {
        let directory = try TemporaryDirectory(prefix: "tessera-admin-listen")
        defer { directory.remove() }
        let port = 47_000 + Int(getpid() % 2000)
        let cases: [(server: String, admin: String, flag: String?, names: String)] = [
            ("127.0.0.1:\(port)", "127.0.0.1:\(port)", nil, "server.listen"),
            ("0.0.0.0:\(port)", "127.0.0.1:\(port)", nil, "server.listen"),
            ("[::]:\(port)", "localhost:\(port)", nil, "server.listen"),
            ("127.0.0.1:\(port + 1)", "127.0.0.1:\(port)", "127.0.0.1:\(port)", "--listen"),
        ]
        let outcomes = try concurrently(cases.count) { index in
            let config = directory.file("config\(index).yaml")
            let item = cases[index]
            try Data("server:\n  listen: \"\(item.server)\"\nadmin:\n  listen: \"\(item.admin)\"\n".utf8).write(to: config)
            return try TesseraBinary.run(["serve", "--config", config.path] + (item.flag.map { ["--listen", $0] } ?? []), timeout: 15)
        }
        for (item, outcome) in zip(cases, outcomes) {
            #expect(outcome.status == 2 && !outcome.signaled && outcome.stderrLines.count == 1, "\(item): \(outcome)")
            #expect(outcome.stderr.contains("admin.listen") && outcome.stderr.contains(item.names), "\(item): \(outcome.stderr)")
            #expect(outcome.stderr.contains("config"), "the file is not named: \(outcome.stderr)")
        }
    }
}
