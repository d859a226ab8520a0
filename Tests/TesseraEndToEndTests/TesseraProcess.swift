import Foundation

/// One running `tessera serve` child: started on port 0 in a fresh temporary directory, its
/// stdout and stderr captured to files, always stopped with SIGTERM (then SIGKILL).
final class TesseraProcess: @unchecked Sendable {
    /// The server of the enclosing `.server(...)` suite scope.
    @TaskLocal static var current: TesseraProcess?

    static let startTimeout: Double = 20
    static let stopTimeout: Double = 12

    let port: UInt16
    let directory: TemporaryDirectory
    let setup: ServerSetup
    private let process: Process
    private let stdoutURL: URL
    private let stderrURL: URL
    private let lock = NSLock()
    private var exit: (status: Int32, signaled: Bool)?

    /// The configuration file this server was started with.
    var configURL: URL { directory.file("config.yaml") }
    var pid: Int32 { process.processIdentifier }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }

    /// Writes `setup` as config.yaml into a fresh directory and runs
    /// `tessera serve --config <file> --listen 127.0.0.1:0`.
    static func start(_ setup: ServerSetup) throws -> TesseraProcess {
        let directory = try TemporaryDirectory(prefix: "tessera-e2e")
        let config = directory.file("config.yaml")
        try Data(setup.yaml().utf8).write(to: config)
        return try start(
            arguments: ["serve", "--config", config.path, "--listen", "127.0.0.1:0"],
            directory: directory, setup: setup
        )
    }

    /// Runs `tessera <arguments>` with `directory` as its working directory and waits for the
    /// listening line.
    static func start(arguments: [String], directory: TemporaryDirectory, setup: ServerSetup) throws -> TesseraProcess {
        let binary = try TesseraBinary.require()
        let stdoutURL = directory.file("stdout.log")
        let stderrURL = directory.file("stderr.log")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: stdoutURL)
        let errHandle = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(setup.environment) { $1 }
        process.currentDirectoryURL = directory.url
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        ChildRegistry.shared.add(process.processIdentifier)

        let deadline = Date().addingTimeInterval(startTimeout)
        while Date() < deadline {
            let out = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
            if let port = listeningPort(in: out) {
                return TesseraProcess(
                    port: port, directory: directory, setup: setup, process: process,
                    stdoutURL: stdoutURL, stderrURL: stderrURL
                )
            }
            if !process.isRunning {
                process.waitUntilExit()
                ChildRegistry.shared.remove(process.processIdentifier)
                let err = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
                throw HarnessError.startFailed("exited with status \(process.terminationStatus) before listening; stderr: \(err)")
            }
            usleep(10_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        ChildRegistry.shared.remove(process.processIdentifier)
        let err = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        throw HarnessError.startFailed("no `tessera listening on http://127.0.0.1:PORT` line within \(startTimeout) s; stderr: \(err)")
    }

    /// The port of the first complete `tessera listening on http://HOST:PORT` line.
    static func listeningPort(in output: String) -> UInt16? {
        let marker = "tessera listening on http://"
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // not yet terminated by a newline (or empty)
        for line in lines where line.hasPrefix(marker) {
            guard let colon = line.lastIndex(of: ":") else { continue }
            if let port = UInt16(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)), port != 0 {
                return port
            }
        }
        return nil
    }

    private init(port: UInt16, directory: TemporaryDirectory, setup: ServerSetup, process: Process, stdoutURL: URL, stderrURL: URL) {
        self.port = port
        self.directory = directory
        self.setup = setup
        self.process = process
        self.stdoutURL = stdoutURL
        self.stderrURL = stderrURL
    }

    var isRunning: Bool { process.isRunning }

    /// Sends `signal` and waits (bounded) for the exit; SIGKILL after `stopTimeout`.
    /// Returns the exit status and whether the process died of a signal (or nil if it had to be killed).
    @discardableResult
    func stop(signal: Int32 = SIGTERM, removeDirectory: Bool = true) -> (status: Int32, signaled: Bool)? {
        lock.lock(); defer { lock.unlock() }
        if let exit { return exit }
        if process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = Date().addingTimeInterval(Self.stopTimeout)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        var result: (status: Int32, signaled: Bool)?
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        } else {
            process.waitUntilExit()
            result = (process.terminationStatus, process.terminationReason == .uncaughtSignal)
        }
        ChildRegistry.shared.remove(process.processIdentifier)
        if removeDirectory { directory.remove() }
        exit = result ?? (-1, true)
        return result
    }

    deinit {
        stop()
    }
}
