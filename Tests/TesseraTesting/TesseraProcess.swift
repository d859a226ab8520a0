import Foundation
import Glibc

/// The one handle on a `tessera serve` child: started on port 0, its stdout and stderr captured
/// to files, always stopped with SIGTERM (then SIGKILL). A server of its own (`start(_:)`) owns a
/// fresh temporary directory and goes with it; a node (`init(name:config:directory:)`) shares its
/// test's folder and can be stopped, crashed and started again on the same config and state.
package final class TesseraProcess: @unchecked Sendable {
    // @unchecked: the run state (`runs`, `running`, `exit`, `current`) is only touched under `lock`.
    /// The server of the enclosing `.server(...)` suite scope.
    @TaskLocal package static var current: TesseraProcess?

    package static let startTimeout: Double = 20
    package static let stopTimeout: Double = 12

    /// Names the node in failures (and its log files, when it shares a folder).
    package let name: String
    package let directory: TemporaryDirectory
    package let setup: ServerSetup
    /// The configuration file (`config.yaml` in a directory of its own, a node's own file).
    package let configURL: URL
    let arguments: [String]
    /// Whether `directory` is this server's own, removed when it stops.
    private let ownsDirectory: Bool
    private let lock = NSLock()
    private var runs = 0
    private var running = false
    private var exit: Spawn.Exit?
    private var current: (pid: pid_t, port: UInt16) = (0, 0)

    /// The current (or last) run's process id and port.
    package var pid: pid_t { lock.withLock { current.pid } }
    package var port: UInt16 { lock.withLock { current.port } }
    /// What the current (or last) run wrote to stderr, and to stdout (its listening lines).
    package var stderr: String { (try? String(contentsOf: logs.stderr, encoding: .utf8)) ?? "" }
    package var stdout: String { (try? String(contentsOf: logs.stdout, encoding: .utf8)) ?? "" }

    /// Runs `tessera <arguments>` in `directory` (removed by `stop`) until its listening line.
    package static func start(arguments: [String], directory: TemporaryDirectory, setup: ServerSetup) throws -> TesseraProcess {
        let server = TesseraProcess(
            name: "tessera", arguments: arguments, directory: directory, config: directory.file("config.yaml"), setup: setup, ownsDirectory: true)
        try server.start()
        return server
    }

    /// A node running `serve` on `config` in `directory`, the folder it shares with the test's
    /// other nodes (its logs are `NAME-RUN.out` and `.err` there). Not started.
    package convenience init(name: String, config: URL, directory: TemporaryDirectory) {
        self.init(name: name, arguments: Self.serve(config), directory: directory, config: config, setup: ServerSetup(), ownsDirectory: false)
    }

    private init(name: String, arguments: [String], directory: TemporaryDirectory, config: URL, setup: ServerSetup, ownsDirectory: Bool) {
        self.name = name
        self.arguments = arguments
        self.directory = directory
        configURL = config
        self.setup = setup
        self.ownsDirectory = ownsDirectory
    }

    static func serve(_ config: URL) -> [String] { ["serve", "--config", config.path, "--listen", "127.0.0.1:0"] }

    /// The current run's output files: `stdout.log` and `stderr.log` in a directory of its own (a
    /// test may make one a FIFO first), `NAME-RUN.out` and `.err` in a shared one.
    var logs: (stdout: URL, stderr: URL) {
        guard !ownsDirectory else { return (directory.file("stdout.log"), directory.file("stderr.log")) }
        let run = lock.withLock { runs }
        return (directory.file("\(name)-\(run).out"), directory.file("\(name)-\(run).err"))
    }

    /// Starts a run and waits at most `startTimeout` for its listening line. A child that exits
    /// first, or prints no such line in time (it is then killed), is a `startFailed` naming the
    /// server, with the end of its stderr.
    package func start() throws {
        let pid = try spawn()
        let deadline = Date().addingTimeInterval(Self.startTimeout)
        while Date() < deadline {
            if let port = Self.listeningPort(in: stdout) {
                lock.withLock { current = (pid, port) }
                return
            }
            if let exit = Spawn.poll(pid) {
                ended(exit)
                throw HarnessError.startFailed("\(name): \(exit) before listening; stderr: \(stderr.suffix(1500))")
            }
            usleep(10_000)
        }
        crash()
        throw HarnessError.startFailed("\(name): no `tessera listening on http://127.0.0.1:PORT` line within \(Self.startTimeout) s; stderr: \(stderr.suffix(1500))")
    }

    /// Spawns the next run (output to its own files), not waiting for anything.
    func spawn() throws -> pid_t {
        try lock.withLock {
            guard !running else { throw HarnessError.unexpected("\(name) is running") }
            runs += 1
        }
        let pid = try Spawn.start(
            try TesseraBinary.require(), arguments,
            environment: ProcessInfo.processInfo.environment.merging(setup.environment) { $1 },
            directory: directory.url.path, stdin: "/dev/null", stdout: logs.stdout.path, stderr: logs.stderr.path)
        lock.withLock { (running, exit, current) = (true, nil, (pid, 0)) }
        return pid
    }

    /// Whether the current run is still going (reaps it if it has exited).
    package var isRunning: Bool {
        lock.lock(); defer { lock.unlock() }
        guard running else { return false }
        if exit == nil { exit = Spawn.poll(current.pid) }
        return exit == nil
    }

    /// How the current (or last) run ended, once it has.
    package var exitStatus: Spawn.Exit? {
        _ = isRunning
        return lock.withLock { exit }
    }

    /// Sends `signal` and waits up to `stopTimeout` for the exit, then SIGKILLs; a server of its
    /// own directory removes it (unless told not to). Returns the exit, or nil when the process had
    /// to be killed. Stopping a stopped server does nothing.
    @discardableResult
    package func stop(signal: Int32 = SIGTERM, removeDirectory: Bool = true) -> Spawn.Exit? {
        lock.lock(); defer { lock.unlock() }
        guard running else { return exit }
        running = false
        if exit == nil { exit = Spawn.poll(current.pid) }
        if exit == nil {
            kill(current.pid, signal)
            exit = Spawn.wait(current.pid, timeout: Self.stopTimeout)
            if exit == nil { _ = Spawn.kill(current.pid) }
        }
        if removeDirectory && ownsDirectory { directory.remove() }
        return exit
    }

    /// Records the exit of a run that ended on its own (already reaped).
    func ended(_ exit: Spawn.Exit) {
        lock.withLock { (running, self.exit) = (false, exit) }
    }

    /// SIGKILL: the run dies wherever it is, as a crashed or evicted process does.
    package func crash() {
        lock.withLock {
            guard running else { return }
            running = false
            exit = Spawn.kill(current.pid)
        }
    }

    deinit { stop() }
}
