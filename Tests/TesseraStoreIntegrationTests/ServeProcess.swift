import Foundation
import Glibc
import TesseraTesting

/// One `tessera serve --listen 127.0.0.1:0` child with its config in a directory of its own, run
/// by TesseraTesting's `TesseraProcess` (readiness from the listening line, always stopped with
/// SIGTERM, then SIGKILL), with the requests the tier tests make.
final class ServeProcess: @unchecked Sendable {
    let process: TesseraProcess
    var port: UInt16 { process.port }
    var pid: pid_t { process.pid }
    var directory: TemporaryDirectory { process.directory }
    var stderr: String { process.stderr }

    static func start(config: String, environment: [String: String] = [:]) throws -> ServeProcess {
        let directory = try TemporaryDirectory(prefix: "tessera-tiers")
        let configURL = directory.file("config.yaml")
        try Data(config.utf8).write(to: configURL)
        let process = try TesseraProcess.start(
            arguments: ["serve", "--config", configURL.path, "--listen", "127.0.0.1:0"],
            directory: directory, setup: ServerSetup(environment: environment))
        return ServeProcess(process: process)
    }

    private init(process: TesseraProcess) { self.process = process }

    func stop() { process.stop() }

    /// Waits for the node's subscription to the invalidation channel, which on (re)subscribing
    /// drops every client entry in Redis (a test that reads another node's Redis fill must not
    /// let that drop land after the fill), and for its recorded revocations read back: both happen
    /// in the background after the listening line, and until the revocations are read a node
    /// hands no token out again (a request gets a fresh one) and `/readyz` answers 503.
    func waitUntilSubscribed(timeout: Double = 10) -> Bool {
        eventually(timeout: timeout, interval: 0.01) {
            let log = self.stderr
            return log.contains("invalidation channel subscribed") && log.contains("recorded revocations loaded")
        }
    }

    // MARK: requests

    func token(id: String, secret: String, extra: String = "") throws -> HTTPReply {
        try HTTPReply.send(port: port, method: "POST", path: "/oauth/token", basic: (id, secret),
                           body: "grant_type=client_credentials" + extra)
    }

    func get(_ path: String) throws -> HTTPReply {
        try HTTPReply.send(port: port, method: "GET", path: path, basic: nil, body: nil)
    }

    func post(_ path: String, id: String, secret: String, body: String) throws -> HTTPReply {
        try HTTPReply.send(port: port, method: "POST", path: path, basic: (id, secret), body: body)
    }

    func introspect(id: String, secret: String, token: String) throws -> HTTPReply {
        try post("/oauth/introspect", id: id, secret: secret, body: "token=\(token)")
    }
}

/// The tier tests' name for TesseraTesting's one-shot `HTTPExchange`.
typealias HTTPReply = HTTPExchange

extension HTTPExchange {
    /// One request, with `client_secret_basic` credentials when `basic` is given.
    static func send(port: UInt16, method: String, path: String, basic: (String, String)?, body: String?) throws -> HTTPExchange {
        try send(port: port, method: method, path: path, headers: basic.map { [Self.basic($0.0, $0.1)] } ?? [], body: body)
    }
}
