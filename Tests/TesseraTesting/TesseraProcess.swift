import Foundation
import Glibc

/// One running `tessera serve` child: started on port 0 in a fresh temporary directory, its
/// stdout and stderr captured to files, always stopped with SIGTERM (then SIGKILL).
package final class TesseraProcess: @unchecked Sendable {
    /// The server of the enclosing `.server(...)` suite scope.
    @TaskLocal package static var current: TesseraProcess?

    package static let startTimeout: Double = 20
    package static let stopTimeout: Double = 12

    package let port: UInt16
    package let pid: pid_t
    package let directory: TemporaryDirectory
    package let setup: ServerSetup
    private let stdoutURL: URL
    private let stderrURL: URL
    private let lock = NSLock()
    private var exit: Spawn.Exit?
    private var stopped = false

    /// The configuration file this server was started with.
    package var configURL: URL { directory.file("config.yaml") }
    package var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
    package var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }

    /// Writes `setup` as config.yaml into a fresh directory and runs
    /// `tessera serve --config <file> --listen 127.0.0.1:0`.
    package static func start(_ setup: ServerSetup) throws -> TesseraProcess {
        let directory = try TemporaryDirectory(prefix: "tessera-e2e")
        let config = directory.file("config.yaml")
        try Data(setup.yaml().utf8).write(to: config)
        return try start(
            arguments: ["serve", "--config", config.path, "--listen", "127.0.0.1:0"],
            directory: directory, setup: setup
        )
    }

    /// Runs `tessera <arguments>` with `directory` as its working directory and waits (bounded)
    /// for the listening line.
    package static func start(arguments: [String], directory: TemporaryDirectory, setup: ServerSetup) throws -> TesseraProcess {
        let stdoutURL = directory.file("stdout.log")
        let stderrURL = directory.file("stderr.log")
        let (pid, port) = try launch(arguments, environment: setup.environment, directory: directory.url, stdout: stdoutURL, stderr: stderrURL)
        return TesseraProcess(port: port, pid: pid, directory: directory, setup: setup, stdoutURL: stdoutURL, stderrURL: stderrURL)
    }

    /// The one way every harness starts a server: spawns `tessera <arguments>` (working directory
    /// `directory`, `environment` over this process's, output to the two files) and waits at most
    /// `startTimeout` for its listening line. A child that exits first, or prints no such line in
    /// time (it is then killed), is a `startFailed` (prefixed `name: `, with the last
    /// `stderrLimit` characters of its stderr).
    package static func launch(
        _ arguments: [String], environment: [String: String] = [:], directory: URL, stdout stdoutURL: URL, stderr stderrURL: URL,
        name: String? = nil, stderrLimit: Int = .max
    ) throws -> (pid: pid_t, port: UInt16) {
        let pid = try Spawn.start(
            try TesseraBinary.require(), arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            directory: directory.path, stdin: "/dev/null", stdout: stdoutURL.path, stderr: stderrURL.path
        )
        func readErr() -> Substring { ((try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "").suffix(stderrLimit) }
        let prefix = name.map { "\($0): " } ?? ""
        let deadline = Date().addingTimeInterval(startTimeout)
        while Date() < deadline {
            let out = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
            if let port = listeningPort(in: out) { return (pid, port) }
            if let exit = Spawn.poll(pid) {
                throw HarnessError.startFailed("\(prefix)\(exit) before listening; stderr: \(readErr())")
            }
            usleep(10_000)
        }
        _ = Spawn.kill(pid)
        throw HarnessError.startFailed("\(prefix)no `tessera listening on http://127.0.0.1:PORT` line within \(startTimeout) s; stderr: \(readErr())")
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

    private init(port: UInt16, pid: pid_t, directory: TemporaryDirectory, setup: ServerSetup, stdoutURL: URL, stderrURL: URL) {
        self.port = port
        self.pid = pid
        self.directory = directory
        self.setup = setup
        self.stdoutURL = stdoutURL
        self.stderrURL = stderrURL
    }

    /// Whether the child is still running (reaps it if it has exited).
    package var isRunning: Bool {
        lock.lock(); defer { lock.unlock() }
        if exit == nil { exit = Spawn.poll(pid) }
        return exit == nil
    }

    /// How the child ended, once it has.
    package var exitStatus: Spawn.Exit? {
        _ = isRunning
        lock.lock(); defer { lock.unlock() }
        return exit
    }

    /// Sends `signal` and waits up to `stopTimeout` for the exit, then SIGKILLs. Returns the exit,
    /// or nil when the process had to be killed.
    @discardableResult
    package func stop(signal: Int32 = SIGTERM, removeDirectory: Bool = true) -> Spawn.Exit? {
        lock.lock(); defer { lock.unlock() }
        if !stopped {
            stopped = true
            if exit == nil { exit = Spawn.poll(pid) }
            if exit == nil {
                kill(pid, signal)
                exit = Spawn.wait(pid, timeout: Self.stopTimeout)
                if exit == nil {
                    _ = Spawn.kill(pid)
                    if removeDirectory { directory.remove() }
                    return nil
                }
            }
            if removeDirectory { directory.remove() }
        }
        return exit
    }

    deinit {
        stop()
    }
}
