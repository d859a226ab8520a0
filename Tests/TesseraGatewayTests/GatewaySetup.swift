import Foundation
import TesseraTesting

/// The config of a gateway test's `tessera serve`, started as TesseraTesting's `TesseraProcess`
/// (its own temporary directory with config file and key directory, port 0 on loopback).
enum GatewaySetup {
    static let issuer = "http://tessera.test"
    /// Clients of every test server: `gw` may introspect, `app` and `other` may not.
    static let clientIDs = ["gw", "app", "other"]
    /// The human-chosen secret of `slowgw` and `slowapp` (see `start`).
    static let chosenSecret = "correct horse battery staple, chosen by a human"

    /// - Parameters:
    ///   - ttl: `tokens.ttl` in seconds.
    ///   - reuse: `tokens.reuse`.
    ///   - environment: extra variables (the key rotation test knobs).
    ///   - chosenSecretClients: also `slowgw` (may introspect) and `slowapp`, whose secret is
    ///     `chosenSecret` hashed by `tessera secret hash` (PBKDF2, verified off the I/O thread).
    static func start(ttl: Int = 3600, reuse: Bool = true, environment: [String: String] = [:], chosenSecretClients: Bool = false) throws -> TesseraProcess {
        // One generated secret for the three clients: `TesseraProcess.secret` below.
        let generated = try Secrets.generate()
        var clients = clientIDs.map { client($0, generated.secret, generated.hash, introspect: $0 == "gw") }
        if chosenSecretClients {
            let hash = try Secrets.hash(chosenSecret + "\n")
            clients += ["slowgw", "slowapp"].map { client($0, chosenSecret, hash, introspect: $0 == "slowgw") }
        }
        let sections = ["server": ["workers: 1"], "tokens": ["ttl: \(ttl)s", "reuse: \(reuse)", "reuse_min_remaining: 1s"]]
        return try TesseraProcess.start(ServerSetup(issuer: issuer, sections: sections, clients: clients, environment: environment))
    }

    /// A client with the scopes and audiences every test server's clients have.
    private static func client(_ id: String, _ secret: String, _ hash: String, introspect: Bool) -> TestClient {
        var client = TestClient(id: id, secret: secret, secretHash: hash, scopes: ["read", "write"], audiences: ["api"])
        client.introspect = introspect
        return client
    }

    /// Runs the tessera binary to completion; no `stdin` reads as empty input.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> TesseraBinary.Outcome {
        try TesseraBinary.run(arguments, stdin: stdin ?? "", environment: environment)
    }
}

extension TesseraProcess {
    /// The secret of `gw`, `app` and `other`.
    var secret: String { setup.client("app").secret }
    var keysDirectory: String { directory.file("keys").path }
    var client: RawHTTPClient { RawHTTPClient(port: Int(port)) }

    /// Runs the tessera binary with `arguments` (and this server's environment) to completion.
    func runCLI(_ arguments: [String]) throws -> TesseraBinary.Outcome {
        try GatewaySetup.run(arguments, environment: setup.environment)
    }
}
