import Foundation
import Glibc

/// One `tessera serve --config FILE --listen 127.0.0.1:0` node that a test can stop, start again
/// (same config, keys and state), reload (SIGHUP) and talk to. Each run's stdout and stderr go to
/// files of their own in the node's folder.
package final class TesseraNode: @unchecked Sendable {
    package let name: String
    package let config: URL
    package let folder: URL
    package private(set) var port: UInt16 = 0
    package private(set) var pid: pid_t?
    private var runs = 0

    package static let startTimeout: Double = TesseraProcess.startTimeout

    /// A node of `config`; logs go to `folder` (both outlive the node). Not started.
    package init(name: String, config: URL, folder: URL) {
        self.name = name
        self.config = config
        self.folder = folder
    }

    deinit { stop() }

    var stdoutURL: URL { folder.appendingPathComponent("\(name)-\(runs).out") }
    var stderrURL: URL { folder.appendingPathComponent("\(name)-\(runs).err") }
    /// What the current (or last) run wrote to stderr.
    package var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
    /// What the current (or last) run wrote to stdout (its listening lines).
    package var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }

    /// Starts the node and waits (bounded) for its listening line.
    package func start() throws {
        precondition(pid == nil, "\(name) is running")
        runs += 1
        let started = try TesseraProcess.launch(
            ["serve", "--config", config.path, "--listen", "127.0.0.1:0"], directory: folder,
            stdout: stdoutURL, stderr: stderrURL, name: name, stderrLimit: 1500)
        port = started.port
        pid = started.pid
    }

    /// Runs `serve` expecting it to refuse to start: its exit and stderr (it is killed, and the
    /// test fails on the nil exit, when it starts listening instead).
    package func startExpectingExit(timeout: Double = 20) throws -> (exit: Spawn.Exit?, stderr: String) {
        precondition(pid == nil, "\(name) is running")
        runs += 1
        let pid = try Spawn.start(
            try TesseraBinary.require(), ["serve", "--config", config.path, "--listen", "127.0.0.1:0"],
            environment: ProcessInfo.processInfo.environment, directory: folder.path,
            stdin: "/dev/null", stdout: stdoutURL.path, stderr: stderrURL.path)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let exit = Spawn.poll(pid) { return (exit, stderr) }
            if TesseraProcess.listeningPort(in: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "") != nil { break }
            usleep(10_000)
        }
        kill(pid, SIGTERM)
        if Spawn.wait(pid, timeout: 12) == nil { _ = Spawn.kill(pid) }
        return (nil, stderr)
    }

    /// SIGTERM, then SIGKILL after 12 s.
    package func stop() {
        guard let pid else { return }
        kill(pid, SIGTERM)
        if Spawn.wait(pid, timeout: 12) == nil { _ = Spawn.kill(pid) }
        self.pid = nil
    }

    /// SIGKILL: the node dies wherever it is, as a crashed or evicted process does.
    package func crash() {
        guard let pid else { return }
        _ = Spawn.kill(pid)
        self.pid = nil
    }

    package func restart() throws {
        stop()
        try start()
    }

    /// Waits (bounded) until GET /readyz answers 200 `ok` (not `degraded`): every configured
    /// tier answers and the recorded revocations are loaded.
    package func waitReady(timeout: Double = 15) throws {
        var last: HTTPExchange?
        let ready = try eventually(timeout: timeout, interval: 0.05) {
            last = try get("/readyz")
            return last?.status == 200 && last?.body.contains(#""status":"ok""#) == true
        }
        guard ready else { throw HarnessError.timedOut("\(name): /readyz not 200 within \(timeout) s: \(last.map(\.description) ?? "-")") }
    }

    package var isRunning: Bool {
        guard let pid else { return false }
        if Spawn.poll(pid) != nil { self.pid = nil }
        return self.pid != nil
    }

    /// The outcome of a SIGHUP: the new config taken, or refused (the old one kept).
    package enum ReloadOutcome { case reloaded, refused }

    /// Sends SIGHUP and waits (bounded) for the node's log line saying it reloaded or refused.
    @discardableResult
    package func reload(timeout: Double = 10) throws -> ReloadOutcome {
        guard let pid else { throw HarnessError.unexpected("\(name) is not running") }
        func counts() -> (Int, Int) {
            let text = stderr
            return (text.components(separatedBy: "configuration reloaded").count, text.components(separatedBy: "reload refused").count)
        }
        let before = counts()
        kill(pid, SIGHUP)
        var outcome: ReloadOutcome?
        eventually(timeout: timeout, interval: 0.02) {
            let now = counts()
            if now.0 > before.0 { outcome = .reloaded } else if now.1 > before.1 { outcome = .refused }
            return outcome != nil
        }
        guard let outcome else { throw HarnessError.timedOut("\(name): no reload log line within \(timeout) s after SIGHUP; stderr: \(SanitizerReport.excerpt(of: stderr))") }
        return outcome
    }

    // MARK: requests

    /// POST /oauth/token with client_secret_basic (or client_secret_post when `post`).
    package func token(
        _ id: String, _ secret: String, scope: String? = nil, audiences: [String] = [], post: Bool = false
    ) throws -> HTTPExchange {
        var pairs = [("grant_type", "client_credentials")]
        if post { pairs += [("client_id", id), ("client_secret", secret)] }
        if let scope { pairs.append(("scope", scope)) }
        pairs += audiences.map { ("audience", $0) }
        return try HTTPExchange.send(
            port: port, method: "POST", path: "/oauth/token", headers: post ? [] : [HTTPExchange.basic(id, secret)],
            body: HTTPExchange.form(pairs))
    }

    /// POST with a raw form body, authenticating with Basic when `basic` is given.
    package func post(_ path: String, body: String, basic: (String, String)? = nil) throws -> HTTPExchange {
        try HTTPExchange.send(port: port, method: "POST", path: path, headers: basic.map { [HTTPExchange.basic($0.0, $0.1)] } ?? [], body: body)
    }

    package func introspect(_ token: String, as caller: (String, String)) throws -> HTTPExchange {
        try post("/oauth/introspect", body: HTTPExchange.form([("token", token)]), basic: caller)
    }

    package func revoke(_ token: String, as owner: (String, String)) throws -> HTTPExchange {
        try post("/oauth/revoke", body: HTTPExchange.form([("token", token)]), basic: owner)
    }

    package func get(_ path: String) throws -> HTTPExchange {
        try HTTPExchange.send(port: port, method: "GET", path: path)
    }
}
