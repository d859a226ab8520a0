import Foundation
import Testing
import TesseraTesting

/// SIGHUP applies what it can and names the changed keys that need a restart.
@Suite(.serialized)
struct ReloadRestartTests {
    @Test func sighupNamesChangedKeysThatNeedARestartAndAppliesTheLogLevel() throws {
        let server = try TesseraProcess.start(ServerSetup())
        defer { server.stop() }
        var setup = server.setup
        setup.sections["server"] = ["workers: 3", "max_body_bytes: 9000"]
        setup.sections["logging"] = ["level: warning"]
        try Data(setup.yaml().utf8).write(to: server.configURL)
        kill(server.pid, SIGHUP)
        var line: String?
        let deadline = Date().addingTimeInterval(5)
        while line == nil, Date() < deadline {
            line = server.stderr.split(separator: "\n").map(String.init).first { $0.contains("after a restart") }
            if line == nil { usleep(50_000) }
        }
        let logged = try #require(line, "no restart notice; stderr: \(server.stderr)")
        #expect(logged.hasPrefix("ts=") && logged.contains("level=warning"))
        #expect(logged.contains("server.workers") && logged.contains("server.max_body_bytes"))
        #expect(!logged.contains("server.listen"), "--listen still applies after a reload")
        // logging.level warning applies with the reload (just after the notice): no more access lines at info.
        usleep(300_000)
        let before = server.stderr.components(separatedBy: " msg=request ").count
        _ = try server.get("/healthz")
        usleep(200_000)
        #expect(server.stderr.components(separatedBy: " msg=request ").count == before)
    }

    /// The restart notice compares with the config in effect (what the listeners were built
    /// from), not the last one loaded: a second SIGHUP still names the key, and undoing the
    /// change silences it. Reloads are counted by result in /metrics.
    @Test func theRestartNoticeLastsUntilTheChangeIsInEffectAndReloadsAreCounted() throws {
        let server = try TesseraProcess.start(ServerSetup())
        defer { server.stop() }
        func count(_ text: String) -> Int { server.stderr.components(separatedBy: text).count - 1 }
        func reload(_ setup: ServerSetup, extra: String = "", expecting message: String) throws {
            try Data((setup.yaml() + extra).utf8).write(to: server.configURL)
            let before = count(message)
            kill(server.pid, SIGHUP)
            #expect(eventually(timeout: 5, interval: 0.02) { count(message) > before }, "no \"\(message)\": \(server.stderr)")
        }
        let notice = "after a restart"
        var changed = server.setup
        changed.sections["server"] = ["workers: 3"]
        try reload(changed, expecting: "configuration reloaded")
        #expect(count(notice) == 1, "\(server.stderr)")
        try reload(changed, expecting: "configuration reloaded")
        #expect(count(notice) == 2, "the second reload forgot that server.workers is not in effect: \(server.stderr)")
        try reload(server.setup, expecting: "configuration reloaded")
        #expect(count(notice) == 2, "the change was undone, yet the reload asked for a restart: \(server.stderr)")
        try reload(server.setup, extra: "bogus_reload_key: 1\n", expecting: "reload refused")

        let metrics = try server.get("/metrics").body.split(separator: "\n")
        #expect(metrics.contains(#"tessera_config_reloads_total{result="success"} 3"#), "\(metrics.filter { $0.contains("reload") })")
        #expect(metrics.contains(#"tessera_config_reloads_total{result="failure"} 1"#))
        let stamp = metrics.first { $0.hasPrefix("tessera_config_last_reload_success_timestamp_seconds ") }
        let seconds = stamp.flatMap { Double($0.split(separator: " ")[1]) } ?? 0
        #expect(abs(seconds - Date().timeIntervalSince1970) < 60, "\(stamp ?? "no gauge")")
    }
}
