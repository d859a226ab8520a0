import Foundation
import TesseraTesting

/// Nodes sharing one config file, key directory and state directory, with optional stores: a
/// private redis-server behind a proxy (`redisProxy.cut()` is "Redis down" without losing its data)
/// and a PostgreSQL database of the test's own behind a proxy. A static `gateway` client may
/// introspect. Everything is removed by `close()`.
final class Deployment: @unchecked Sendable {
    // @unchecked: `config` and `nodes` are only changed by its test's one thread.
    let directory: TemporaryDirectory
    var config: NodeConfig
    let configURL: URL
    private(set) var nodes: [TesseraProcess] = []
    let redis: PrivateRedis?
    let redisProxy: TCPProxy?
    let database: TestDatabase?
    let gateway: GeneratedSecret

    static let gatewayID = "gateway"

    init(nodes count: Int = 1, redis useRedis: Bool = false, database useDatabase: Bool = false, configure: (inout NodeConfig) throws -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "tessera-truth")
        configURL = directory.file("config.yaml")
        config = NodeConfig(keysDirectory: directory.file("keys").path)
        gateway = try GeneratedSecret.make()
        config.clients = [NodeConfig.Client(id: Self.gatewayID, secretHash: gateway.hash, scopes: ["introspection"], audiences: ["gateway"], introspect: true)]
        if useRedis {
            let redis = try PrivateRedis()
            let proxy = try TCPProxy(upstreamPort: redis.port)
            self.redis = redis
            redisProxy = proxy
            config.redisURL = "redis://127.0.0.1:\(proxy.port)/0"
        } else {
            redis = nil
            redisProxy = nil
        }
        database = useDatabase ? try TestDatabase() : nil
        config.databaseURL = database?.proxiedURL
        try configure(&config)
        try write()
        if database != nil {
            let migrated = try cli(["migrate"])
            guard migrated.status == 0 else { throw HarnessError.unexpected("tessera migrate: \(migrated)") }
        }
        for index in 0..<count {
            nodes.append(TesseraProcess(name: "node\(index)", config: configURL, directory: directory))
        }
    }

    var node: TesseraProcess { nodes[0] }
    var gatewayCredentials: (String, String) { (Self.gatewayID, gateway.secret) }

    func write() throws {
        try Data(config.yaml().utf8).write(to: configURL)
    }

    /// Starts every node, one after the other (the first generates the key), each until ready.
    func startAll() throws {
        for node in nodes {
            try node.start()
            try node.waitReady()
        }
    }

    /// Adds the static client `id` with a fresh secret, writes the config and starts every node:
    /// how most truth tests begin.
    func startAll(withStatic id: String, scopes: [String], audiences: [String]) throws -> GeneratedSecret {
        let secret = try addStatic(id, scopes: scopes, audiences: audiences)
        try write()
        try startAll()
        return secret
    }

    /// Restarts a node and waits until it is ready.
    func restart(_ node: TesseraProcess) throws {
        try node.restart()
        try node.waitReady()
    }

    /// Writes the config and reloads every running node (each must take it).
    func reloadAll() throws {
        try write()
        for node in nodes where node.isRunning {
            let outcome = try node.reload()
            guard outcome == .reloaded else { throw HarnessError.unexpected("\(node.name) refused the new config: \(node.stderr.suffix(600))") }
        }
    }

    /// Adds a static client with a fresh secret (not yet written).
    @discardableResult
    func addStatic(_ id: String, scopes: [String], audiences: [String], introspect: Bool = false) throws -> GeneratedSecret {
        let secret = try GeneratedSecret.make()
        config.clients.append(NodeConfig.Client(id: id, secretHash: secret.hash, scopes: scopes, audiences: audiences, introspect: introspect))
        return secret
    }

    /// `tessera ARGS --config FILE`.
    func cli(_ arguments: [String], stdin: String = "") throws -> TesseraBinary.Outcome {
        try TesseraBinary.run(arguments + ["--config", configURL.path], stdin: stdin, currentDirectory: directory.url, timeout: 30)
    }

    /// `client add` in PostgreSQL; the printed secret.
    func addClient(_ id: String, scopes: [String], audiences: [String]) throws -> String {
        var arguments = ["client", "add", id]
        if !scopes.isEmpty { arguments += ["--scope", scopes.joined(separator: " ")] }
        for audience in audiences { arguments += ["--audience", audience] }
        let outcome = try cli(arguments)
        guard outcome.status == 0, let secret = outcome.stdoutLines.first else {
            throw HarnessError.unexpected("client add \(id): \(outcome)")
        }
        return secret
    }

    /// Introspects `token` through the `gateway` client: true or false from a 200, else throws
    /// with the answer.
    func isActive(_ token: String, on node: TesseraProcess? = nil) throws -> Bool {
        let answer = try (node ?? self.node).introspect(token, as: gatewayCredentials)
        guard answer.status == 200, let active = answer.json["active"] as? Bool else {
            throw HarnessError.unexpected("introspection on \((node ?? self.node).name): \(answer)")
        }
        return active
    }

    /// Every `tessera:reuse:*` key in Redis with what it holds.
    func reuseEntries() throws -> [(key: String, value: String)] {
        guard let redis else { return [] }
        let probe = try RedisProbe(port: redis.port)
        return try probe.keys("tessera:reuse:*").map { ($0, try probe.dump($0)) }
    }

    func close() {
        for node in nodes { node.stop() }
        redisProxy?.cut()
        redis?.stop()
        database?.drop()
        directory.remove()
    }
}

/// A token response's access token, decoded; throws with the answer when it is not a 200.
func issued(_ answer: HTTPResponse) throws -> JWTClaims {
    guard answer.status == 200, let token = answer.accessToken else {
        throw HarnessError.unexpected("expected a token, got \(answer)")
    }
    return try JWTClaims(token)
}
