import Foundation

/// A `tessera serve` process for one test: its own temporary directory with a config file and key
/// directory, bound to port 0 on loopback, started once it printed its address, and always stopped
/// (SIGTERM, then SIGKILL) by `stop()`.
final class TesseraServer: @unchecked Sendable {
    static let issuer = "http://tessera.test"
    /// Clients of every test server: `gw` may introspect, `app` and `other` may not.
    static let clientIDs = ["gw", "app", "other"]
    /// The human-chosen secret of `slowgw` and `slowapp` (see `init`).
    static let chosenSecret = "correct horse battery staple, chosen by a human"

    let directory: URL
    let configPath: String
    let secret: String
    let port: Int
    let environment: [String: String]
    private let process: Process

    var keysDirectory: String { directory.appendingPathComponent("keys").path }

    /// - Parameters:
    ///   - ttl: `tokens.ttl` in seconds.
    ///   - reuse: `tokens.reuse`.
    ///   - environment: extra variables (the key rotation test knobs).
    ///   - chosenSecretClients: also `slowgw` (may introspect) and `slowapp`, whose secret is
    ///     `TesseraServer.chosenSecret` hashed by `tessera secret hash` (PBKDF2, verified off the
    ///     I/O thread).
    init(ttl: Int = 3600, reuse: Bool = true, environment: [String: String] = [:], chosenSecretClients: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-gw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let generated = try Self.run(["secret", "generate"]).stdout.split(separator: "\n").map(String.init)
        guard generated.count == 2 else { throw HarnessError.unexpected("secret generate printed \(generated)") }
        secret = generated[0]
        var yaml = """
            issuer: "\(Self.issuer)"
            server:
              workers: 1
            tokens:
              ttl: \(ttl)s
              reuse: \(reuse)
              reuse_min_remaining: 1s
            keys:
              directory: ./keys
            clients:

            """
        for id in Self.clientIDs {
            yaml += Self.clientYAML(id: id, hash: generated[1], introspect: id == "gw")
        }
        if chosenSecretClients {
            let hashed = try Self.run(["secret", "hash"], stdin: Self.chosenSecret + "\n")
            guard hashed.status == 0, let hash = hashed.stdout.split(separator: "\n").last else {
                throw HarnessError.unexpected("secret hash: \(hashed.status) \(hashed.stderr)")
            }
            for id in ["slowgw", "slowapp"] {
                yaml += Self.clientYAML(id: id, hash: String(hash), introspect: id == "slowgw")
            }
        }
        configPath = directory.appendingPathComponent("config.yaml").path
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        self.environment = environment

        process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--config", configPath, "--listen", "127.0.0.1:0"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        LeftoverChildren.add(process.processIdentifier)
        port = try Self.awaitAddress(stdout.fileHandleForReading, process: process)
    }

    /// One entry of `clients:` with the scopes and audiences every test server's clients have.
    private static func clientYAML(id: String, hash: String, introspect: Bool) -> String {
        """
          - id: \(id)
            secret_hash: "\(hash)"
            scopes: [read, write]
            audiences: [api]
            introspect: \(introspect)

        """
    }

    deinit { stop() }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        LeftoverChildren.remove(process.processIdentifier)
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends SIGHUP (re-read config and keys).
    func reload() { kill(process.processIdentifier, SIGHUP) }

    var client: RawHTTPClient { RawHTTPClient(port: port) }

    /// Runs the tessera binary with `arguments` (and this server's environment) to completion.
    func runCLI(_ arguments: [String]) throws -> CommandResult {
        try Self.run(arguments, environment: environment)
    }

    // MARK: - Process plumbing

    static var binary: URL {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [own, own.deletingLastPathComponent(), own.deletingLastPathComponent().deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("tessera")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/tessera")
    }

    struct CommandResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle(forReadingAtPath: "/dev/null") : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                             stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Reads stdout until `tessera listening on http://HOST:PORT`.
    private static func awaitAddress(_ handle: FileHandle, process: Process) throws -> Int {
        var seen = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty {
                guard process.isRunning else { throw HarnessError.unexpected("tessera serve exited: \(seen)") }
                usleep(10_000)
                continue
            }
            seen += String(decoding: chunk, as: UTF8.self)
            if let line = seen.split(separator: "\n").first(where: { $0.hasPrefix("tessera listening on http://") }),
                let colon = line.lastIndex(of: ":"), let port = Int(line[line.index(after: colon)...])
            {
                return port
            }
        }
        process.terminate()
        throw HarnessError.unexpected("tessera serve did not report its address: \(seen)")
    }
}

enum HarnessError: Error {
    case unexpected(String)
}
