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
}
