import Foundation
import Glibc

/// What a test does to a node beyond start and stop: restart it, start it expecting a refusal,
/// wait until it is ready, reload it with SIGHUP.
extension TesseraProcess {
    /// Stops the run (its directory kept) and starts the next on the same config and state.
    package func restart() throws {
        stop(removeDirectory: false)
        try start()
    }

    /// Runs the server expecting it to refuse to start: its exit and stderr (it is stopped, and the
    /// test fails on the nil exit, when it starts listening instead).
    package func startExpectingExit(timeout: Double = 20) throws -> (exit: Spawn.Exit?, stderr: String) {
        let pid = try spawn()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, Self.listeningPort(in: stdout) == nil {
            if let exit = Spawn.poll(pid) {
                ended(exit)
                return (exit, stderr)
            }
            usleep(10_000)
        }
        stop(removeDirectory: false)
        return (nil, stderr)
    }

    /// Waits (bounded) until GET /readyz answers 200 `ok` (not `degraded`): every configured
    /// tier answers and the recorded revocations are loaded.
    package func waitReady(timeout: Double = 15) throws {
        var last: HTTPResponse?
        let ready = try eventually(timeout: timeout, interval: 0.05) {
            last = try fetch("/readyz")
            return last?.status == 200 && last?.body.contains(#""status":"ok""#) == true
        }
        guard ready else { throw HarnessError.timedOut("\(name): /readyz not 200 within \(timeout) s: \(last.map(\.description) ?? "-")") }
    }

    /// The outcome of a SIGHUP: the new config taken, or refused (the old one kept).
    package enum ReloadOutcome { case reloaded, refused }

    /// Sends SIGHUP and waits (bounded) for the node's log line saying it reloaded or refused.
    @discardableResult
    package func reload(timeout: Double = 10) throws -> ReloadOutcome {
        guard isRunning else { throw HarnessError.unexpected("\(name) is not running") }
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

    /// The port of the first complete `tessera listening on http(s)://HOST:PORT` line.
    package static func listeningPort(in output: String) -> UInt16? {
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // not yet terminated by a newline (or empty)
        for line in lines where line.hasPrefix("tessera listening on http://") || line.hasPrefix("tessera listening on https://") {
            guard let colon = line.lastIndex(of: ":") else { continue }
            if let port = UInt16(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)), port != 0 {
                return port
            }
        }
        return nil
    }
}
