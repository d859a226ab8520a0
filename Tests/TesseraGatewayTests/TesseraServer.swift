import Foundation
import TesseraTesting

/// A `tessera serve` process for one gateway test, configured with the gateway clients: its own
/// temporary directory with a config file and key directory, run by TesseraTesting's
/// `TesseraProcess` (port 0 on loopback, started once it printed its address, always stopped).
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
    private let process: TesseraProcess

    var keysDirectory: String { directory.appendingPathComponent("keys").path }

    /// - Parameters:
    ///   - ttl: `tokens.ttl` in seconds.
    ///   - reuse: `tokens.reuse`.
    ///   - environment: extra variables (the key rotation test knobs).
    ///   - chosenSecretClients: also `slowgw` (may introspect) and `slowapp`, whose secret is
    ///     `TesseraServer.chosenSecret` hashed by `tessera secret hash` (PBKDF2, verified off the
    ///     I/O thread).
    init(ttl: Int = 3600, reuse: Bool = true, environment: [String: String] = [:], chosenSecretClients: Bool = false) throws {
        let temporary = try TemporaryDirectory(prefix: "tessera-gw")
        directory = temporary.url
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

        process = try TesseraProcess.start(
            arguments: ["serve", "--config", configPath, "--listen", "127.0.0.1:0"],
            directory: temporary, setup: ServerSetup(environment: environment))
        port = Int(process.port)
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

    func stop() { process.stop() }

    /// Sends SIGHUP (re-read config and keys).
    func reload() { kill(process.pid, SIGHUP) }

    var client: RawHTTPClient { RawHTTPClient(port: port) }

    /// Runs the tessera binary with `arguments` (and this server's environment) to completion.
    func runCLI(_ arguments: [String]) throws -> CommandResult {
        try Self.run(arguments, environment: environment)
    }

    // MARK: - Process plumbing

    typealias CommandResult = TesseraBinary.Outcome

    /// Runs the tessera binary to completion; no `stdin` reads as empty input.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> CommandResult {
        try TesseraBinary.run(arguments, stdin: stdin ?? "", environment: environment)
    }
}
