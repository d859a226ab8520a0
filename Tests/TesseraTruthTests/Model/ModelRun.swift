import Foundation
import TesseraTesting

/// One seeded run of the model-based test: two nodes sharing a Redis and a PostgreSQL (both behind
/// proxies that can be cut), a random sequence of operations on them and on the model, and after
/// every step a sweep of checks. Stops at the first contradiction.
final class ModelRun {
    /// Which stores the nodes share.
    enum Topology: String, CaseIterable, Sendable {
        /// Two nodes, Redis and PostgreSQL: every operation.
        case stores
        /// Two nodes on one Redis: revocations live in Redis; no client commands.
        case redisOnly
        /// One node, no store: revocations in the state directory.
        case embedded

        var nodes: Int { self == .embedded ? 1 : 2 }
        /// `tokens.ttl` in seconds: short with Redis only, so that tokens, Redis revocation keys
        /// and reuse_min_remaining (its default, half of it) turn over during the run.
        var ttl: Int { self == .redisOnly ? 8 : 3600 }
        var redis: Bool { self != .embedded }
        var database: Bool { self == .stores }
    }

    struct Settings {
        var topology: Topology
        var seed: UInt64
        var steps: Int
        var seconds: Double

        /// TESSERA_MODEL_SEED, TESSERA_MODEL_STEPS and TESSERA_MODEL_SECONDS, else the defaults.
        static func fromEnvironment(_ topology: Topology, steps: Int, seconds: Double) -> Settings {
            let environment = ProcessInfo.processInfo.environment
            let seed = environment["TESSERA_MODEL_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64(UInt32.max))
            return Settings(
                topology: topology, seed: seed, steps: environment["TESSERA_MODEL_STEPS"].flatMap { Int($0) } ?? steps,
                seconds: environment["TESSERA_MODEL_SECONDS"].flatMap { Double($0) } ?? seconds)
        }
    }

    static let scopes = ["read", "write", "admin", "Kafka"]
    static let audiences = ["api", "Kapi"]
    /// Names starting with K have a twin starting with KELVIN SIGN (U+212A): canonically
    /// equivalent, a different byte string, so a different client, scope or audience (rule 4).
    static let staticIDs = ["st0", "st1", "st2", "Kst"]
    static let databaseIDs = ["db0", "db1", "db2", "Kdb"]
    static let kelvin: Unicode.Scalar = "\u{212A}"
    static let skipped = Set((ProcessInfo.processInfo.environment["TESSERA_MODEL_SKIP"] ?? "").split(separator: ",").map(String.init))

    /// `name` with its leading K replaced by KELVIN SIGN.
    static func twin(_ name: String) -> String { "\u{212A}" + name.dropFirst() }
    /// The default cache.local.stale_if_error (5m): outages here last at most a few seconds, so
    /// what an outage hides is judged against "within 1 s of the stores coming back".
    static let staleIfError = 300.0

    let settings: Settings
    var rng: SeededGenerator
    let deployment: Deployment
    let model: TruthModel
    private(set) var log: [String] = []
    private(set) var violation: String?
    private(set) var stats: [String: Int] = [:]
    private var step = 0

    init(_ settings: Settings) throws {
        self.settings = settings
        rng = SeededGenerator(seed: settings.seed)
        let topology = settings.topology
        deployment = try Deployment(nodes: topology.nodes, redis: topology.redis, database: topology.database) { config in
            config.hs256Secret = "model-based-test-hs256-secret-0123456789"
            config.ttl = "\(topology.ttl)s"
            if topology.database {
                // The admin API changes database clients as the commands do (apiUpdate).
                config.adminListen = "127.0.0.1:0"
                config.clients[0].scopes.append("tessera:admin")
                config.clients[0].audiences.append("tessera-admin")
            }
        }
        // The contract's 1 s plus scheduling slack; TESSERA_MODEL_BOUND widens it on a loaded machine.
        let bound = ProcessInfo.processInfo.environment["TESSERA_MODEL_BOUND"].flatMap { Double($0) } ?? TestTiming.bound(1)
        model = TruthModel(
            algorithm: "EdDSA", nodes: topology.nodes, bound: bound, staleIfError: Self.staleIfError,
            reuseMinRemaining: min(300, Double(topology.ttl) / 2), ttl: topology.ttl)
    }

    var topology: Topology { settings.topology }
    var databaseUp: Bool { topology.database && !model.storesDown.contains("postgres") }
    func randomNode() -> Int { Int.random(in: 0..<topology.nodes, using: &rng) }

    func note(_ line: String) {
        log.append(String(format: "[%3d %6.2f] ", step, Date().timeIntervalSince(startedAt)) + line)
    }

    private var startedAt = Date()

    func fail(_ what: String) {
        if violation == nil { violation = "step \(step): \(what)" }
    }

    /// The whole run; returns the contradiction found, if any.
    func run() throws -> String? {
        defer {
            if violation != nil { keepNodeLogs() }
            deployment.close()
        }
        try setUp()
        let deadline = startedAt.addingTimeInterval(settings.seconds)
        while step < settings.steps, Date() < deadline, violation == nil {
            step += 1
            try perform(pickOperation())
            if violation == nil { try sweep() }
        }
        if violation == nil {
            note("restoring the stores and settling")
            try restoreStores()
            // Past every bound, so that the last sweep accepts no 503 and no stale answer.
            Thread.sleep(forTimeInterval: model.bound + 0.2)
            eventually(timeout: model.settle + 0.5, interval: 0.1) {
                (0..<topology.nodes).allSatisfy { !model.degraded(node: $0, at: Date()) }
            }
            try sweep(all: true)
        }
        return violation
    }

    /// Copies every node process's stderr (`node0-1.err`, ...) next to the operation log, before
    /// the deployment's folder goes: the nodes' side of a contradiction.
    func keepNodeLogs() {
        let files = FileManager.default
        let target = files.temporaryDirectory.appendingPathComponent("tessera-model-\(topology.rawValue)-\(settings.seed)-nodes")
        try? files.removeItem(at: target)
        try? files.createDirectory(at: target, withIntermediateDirectories: true)
        let names = (try? files.contentsOfDirectory(atPath: deployment.directory.url.path)) ?? []
        for name in names where name.hasSuffix(".err") {
            try? files.copyItem(at: deployment.directory.url.appendingPathComponent(name), to: target.appendingPathComponent(name))
        }
        note("node logs: \(target.path)")
    }

    // MARK: setup

    func setUp() throws {
        let change = TruthModel.Change(start: Date(), end: Date(), local: true)
        for (index, id) in Self.staticIDs.enumerated() {
            let exists = index != 2
            let secret = try GeneratedSecret.make()
            let version = model.makeVersion(exists: exists, secret: exists ? secret : nil, scopes: ["read", "write"], audiences: ["api"], change: change)
            model.clients[id] = TruthModel.Client(id: id, source: .config, first: version)
        }
        writeStaticClients()
        try deployment.write()
        try deployment.startAll()
        for index in model.nodeStarts.indices { model.nodeStarts[index] = Date() }
        if topology.database {
            for id in Self.databaseIDs {
                model.clients[id] = TruthModel.Client(id: id, source: .database, first: model.makeVersion(
                    exists: false, secret: nil, scopes: [], audiences: [], change: change))
            }
            for id in Self.databaseIDs.prefix(2) { try cliAdd(id) }
        }
        startedAt = Date()
        note("seed \(settings.seed), \(topology.rawValue): nodes on ports \(deployment.nodes.map(\.port))")
    }

    func writeStaticClients() {
        deployment.config.clients = [deployment.config.clients[0]] + Self.staticIDs.compactMap { id in
            let v = model.clients[id]!.current
            return v.exists ? NodeConfig.Client(id: id, secretHash: v.secretHash, scopes: v.scopes, audiences: v.audiences) : nil
        }
    }

    // MARK: operations

    enum Operation: String {
        case token, introspect, revoke, staticChange, algorithm, cliAdd, cliRemove, cliRotate, cliRevokeTokens, restart, redis, postgres
        /// `client update` (scopes, audiences, token ttl), `client disable [--revoke-tokens]`, `client enable`.
        case cliUpdate, cliDisable, cliEnable
        /// `PATCH /admin/clients/{id}` under If-Match: what `client update` does, through the admin API.
        case apiUpdate
        /// Redis stopped and started again: everything it held is gone.
        case redisRestart
        /// A pause past the contract's 1 s, so that every change so far is due.
        case settle
        /// A client id canonically equivalent to a real one, with the real one's secret.
        case lookalike
        /// Scheduled key rotation switched on (a key a second) or off.
        case keyRotation
    }

    func pickOperation() -> Operation {
        var choices: [(Operation, Int)] = [(.token, 30), (.introspect, 14), (.revoke, 7), (.staticChange, 6), (.algorithm, 3), (.restart, 2), (.settle, 2), (.lookalike, 4)]
        if topology.redis { choices.append((.redis, 3)) }
        choices.append((.keyRotation, 2))
        if topology.database { choices += [(.postgres, 3), (.redisRestart, 1)] }
        if databaseUp { choices += [(.cliAdd, 4), (.cliRemove, 3), (.cliRotate, 4), (.cliRevokeTokens, 3), (.cliUpdate, 4), (.cliDisable, 2), (.cliEnable, 2), (.apiUpdate, 3)] }
        // TESSERA_MODEL_SKIP=algorithm,restart: leave operations out (to look past a known finding).
        choices.removeAll { Self.skipped.contains($0.0.rawValue) }
        // An outage ends by itself before long.
        for outage in model.outages where outage.end == nil && Date().timeIntervalSince(outage.start) > 6 {
            return outage.store == "redis" ? .redis : .postgres
        }
        return rng.weighted(choices)
    }

    func perform(_ operation: Operation) throws {
        stats[operation.rawValue, default: 0] += 1
        switch operation {
        case .token: try requestToken(node: randomNode(), explicit: true)
        case .introspect:
            if let jti = pickToken() { try introspect(jti, node: randomNode()) }
        case .revoke: try revoke()
        case .staticChange: try changeStaticClient()
        case .algorithm: try switchAlgorithm()
        case .cliAdd:
            if let id = Self.databaseIDs.filter({ !model.clients[$0]!.current.exists && !model.clients[$0]!.unknown }).randomElement(using: &rng) { try cliAdd(id) }
        case .cliRemove:
            if let id = existingDatabaseClient() { try cliRemove(id) }
        case .cliRotate:
            if let id = existingDatabaseClient() { try cliRotate(id, revokeTokens: rng.chance(0.3)) }
        case .cliRevokeTokens:
            if let id = existingDatabaseClient() { try cliRevokeTokens(id) }
        case .cliUpdate:
            if let id = existingDatabaseClient() { try cliUpdate(id) }
        case .cliDisable:
            if let id = existingDatabaseClient() { try cliDisable(id, revokeTokens: rng.chance(0.3)) }
        case .apiUpdate:
            if let id = existingDatabaseClient() { try apiUpdate(id, node: randomNode()) }
        case .cliEnable:
            if let id = existingDatabaseClient() { try cliEnable(id) }
        case .restart:
            let index = randomNode()
            note("restart node\(index)")
            try deployment.nodes[index].restart()
            model.nodeStarts[index] = Date()
        case .redis: try toggle("redis")
        case .postgres: try toggle("postgres")
        case .redisRestart:
            guard let redis = deployment.redis, !model.storesDown.contains("redis") else { return }
            model.outages.append(TruthModel.Outage(store: "redis", start: Date()))
            redis.stop()
            try redis.start()
            model.outages[model.outages.count - 1].end = Date()
            note("redis restarted (emptied)")
        case .settle:
            Thread.sleep(forTimeInterval: model.bound + 0.1)
            note("settled")
        case .lookalike: try lookalike()
        case .keyRotation: try toggleKeyRotation()
        }
    }

    /// A KELVIN SIGN twin: of a K client with that client's secret (never a token), or of a K
    /// scope or audience the client holds (never granted). The model itself compares only ASCII
    /// names, so the twins are judged here.
    func lookalike() throws {
        let node = randomNode()
        let start = Date()
        if rng.chance(0.5) {
            let ids = model.clients.keys.filter { $0.utf8.first == UInt8(ascii: "K") }.sorted()
            guard let id = ids.randomElement(using: &rng), let client = model.clients[id] else { return }
            let answer = try deployment.nodes[node].token(Self.twin(id), client.current.exists ? client.current.secret : "x", post: rng.chance(0.5))
            note("lookalike client \\u212A\(id.dropFirst()) node\(node) -> \(answer.status) \(answer.error ?? "")")
            switch answer.status {
            case 401 where answer.error == "invalid_client", 429: break
            case 503 where model.degraded(node: node, at: start): break
            default: fail("the KELVIN SIGN twin of client \(id) got \(answer)")
            }
            return
        }
        let holders = model.clients.values.filter { $0.current.exists && !$0.unknown && ($0.current.scopes.contains("Kafka") || $0.current.audiences.contains("Kapi")) }
        guard let client = holders.sorted(by: { $0.id < $1.id }).randomElement(using: &rng) else { return }
        let scope = client.current.scopes.contains("Kafka") && rng.chance(0.5)
        let answer = try deployment.nodes[node].token(
            client.id, client.current.secret, scope: scope ? Self.twin("Kafka") : nil, audiences: scope ? [] : [Self.twin("Kapi")])
        note("lookalike \(scope ? "scope \\u212Aafka" : "audience \\u212Aapi") for \(client.id) node\(node) -> \(answer.status) \(answer.error ?? "")")
        let versions = model.candidates(client, at: start)
        switch answer.status {
        case 400 where answer.error == (scope ? "invalid_scope" : "invalid_target"): break
        case 401 where versions.contains { !$0.exists || $0.disabled || $0.secret != client.current.secret }: break
        case 503 where model.degraded(node: node, at: start): break
        default: fail("the KELVIN SIGN twin of \(scope ? "scope Kafka" : "audience Kapi") for \(client.id) got \(answer)")
        }
    }

    func existingDatabaseClient() -> String? {
        Self.databaseIDs.filter { model.clients[$0]!.current.exists && !model.clients[$0]!.unknown }.randomElement(using: &rng)
    }

    func pickToken() -> String? {
        guard !model.tokenOrder.isEmpty else { return nil }
        // Mostly recent tokens, sometimes any.
        let recent = model.tokenOrder.suffix(12)
        return rng.chance(0.7) ? recent.randomElement(using: &rng) : model.tokenOrder.randomElement(using: &rng)
    }

    func requestToken(node: Int, explicit: Bool, id chosen: String? = nil) throws {
        let ids = model.clients.keys.sorted()
        let id = chosen ?? ids.randomElement(using: &rng)!
        let client = model.clients[id]!
        // The current secret, else an earlier one (a rotated or removed registration's).
        let secrets = client.versions.filter(\.exists).map(\.secret)
        let secret = (rng.chance(0.85) ? secrets.last : secrets.randomElement(using: &rng)) ?? "no-such-secret"
        let scopes: [String]? = rng.chance(0.4) ? nil : rng.subset(of: client.current.exists && rng.chance(0.8) ? client.current.scopes : Self.scopes)
        let audience: String? = rng.chance(0.75) ? nil : Self.audiences.randomElement(using: &rng)
        let start = Date()
        let answer = try deployment.nodes[node].token(id, secret, scope: scopes?.joined(separator: " "), audiences: audience.map { [$0] } ?? [])
        let end = Date()
        let reused = answer.accessToken.flatMap { try? JWTClaims($0) }.map { model.tokens[$0.jti] != nil } ?? false
        if explicit || answer.status != 200 || reused {
            note("token node\(node) \(id) scope=\(scopes?.joined(separator: " ") ?? "-") aud=\(audience ?? "-") -> \(answer.status)\(reused ? " reused" : "") \(answer.error ?? answer.accessToken.flatMap { try? JWTClaims($0).description } ?? "")")
        }
        if reused { stats["reused", default: 0] += 1 }
        if let problem = model.judgeToken(node: node, clientID: id, secret: secret, scopes: scopes, audience: audience, answer: answer, start: start, end: end) {
            fail(problem)
        }
    }

    func introspect(_ jti: String, node: Int) throws {
        guard let token = model.tokens[jti] else { return }
        let start = Date()
        let answer = try deployment.nodes[node].introspect(token.claims.token, as: deployment.gatewayCredentials)
        stats["introspections", default: 0] += 1
        if let problem = model.judgeIntrospection(node: node, token: token, answer: answer, start: start) {
            note("introspect node\(node) \(token.claims) -> \(answer)")
            fail(problem)
        }
    }

    func revoke() throws {
        let candidates = model.tokenOrder.compactMap { model.tokens[$0] }.filter {
            let client = model.clients[$0.claims.clientID]!
            return $0.revocation == nil && client.current.exists && !client.unknown && $0.generations.contains(client.current.generation)
        }
        guard let token = candidates.randomElement(using: &rng) else { return }
        let node = randomNode()
        let client = model.clients[token.claims.clientID]!
        let start = Date()
        let answer = try deployment.nodes[node].revoke(token.claims.token, as: (client.id, client.current.secret))
        let change = TruthModel.Change(start: start, end: Date(), local: false)
        note("revoke node\(node) \(token.claims) -> \(answer.status)")
        switch answer.status {
        case 200: token.revocation = TruthModel.Revocation(change: change, node: node, certain: true)
        case 503 where model.degraded(node: node, at: start):
            token.revocation = TruthModel.Revocation(change: change, node: node, certain: false)
        case 401 where model.candidates(client, at: start).contains { $0.secret != client.current.secret || !$0.exists || $0.disabled }: break
        default: fail("revocation by the owner: \(answer)")
        }
    }

    func reloadNodes(_ what: String, apply: () -> Void) throws -> TruthModel.Change {
        let start = Date()
        apply()
        writeStaticClients()
        try deployment.write()
        for node in deployment.nodes {
            let outcome = try node.reload()
            if outcome != .reloaded { fail("\(node.name) refused a valid config (\(what)): \(node.stderr.suffix(400))") }
        }
        note("reload: \(what)")
        return TruthModel.Change(start: start, end: Date(), local: true)
    }

    func changeStaticClient() throws {
        let id = Self.staticIDs.randomElement(using: &rng)!
        let client = model.clients[id]!
        let current = client.current
        var next = current
        var what: String
        var kill = false
        if !current.exists {
            let secret = try GeneratedSecret.make()
            next = model.makeVersion(exists: true, secret: secret, scopes: rng.subset(of: Self.scopes), audiences: rng.subset(of: Self.audiences), change: current.change)
            what = "add \(id) \(model.describe(next))"
        } else {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0:
                next = model.makeVersion(exists: true, secret: nil, scopes: rng.subset(of: Self.scopes), audiences: current.audiences, change: current.change)
                next.secret = current.secret
                next.secretHash = current.secretHash
                what = "scopes of \(id) -> \(next.scopes)"
            case 1:
                next = model.makeVersion(exists: true, secret: nil, scopes: current.scopes, audiences: rng.subset(of: Self.audiences), change: current.change)
                next.secret = current.secret
                next.secretHash = current.secretHash
                what = "audiences of \(id) -> \(next.audiences)"
            case 2:
                next = model.makeVersion(exists: true, secret: try GeneratedSecret.make(), scopes: current.scopes, audiences: current.audiences, change: current.change)
                what = "new secret for \(id)"
            default:
                next = model.makeVersion(exists: false, secret: nil, scopes: [], audiences: [], change: current.change)
                what = "remove \(id)"
                kill = true
            }
        }
        // The same scopes and audiences again: a reload that changes nothing, and reuse may go on.
        let unchanged = current.exists && next.exists && next.secret == current.secret && next.scopes == current.scopes
            && next.audiences == current.audiences
        if unchanged {
            _ = try reloadNodes("\(what) (unchanged)") {}
            return
        }
        let change = try reloadNodes(what) { client.versions.append(next) }
        client.versions[client.versions.count - 1].change = change
        if kill {
            client.kills.append(TruthModel.Kill(what: "removal from clients:", change: change))
        } else if current.exists, next.scopes != current.scopes || next.audiences != current.audiences {
            client.kills.append(TruthModel.Kill(what: "a grant change", change: change, definite: false))
        }
    }

    func switchAlgorithm() throws {
        let next = model.algorithm == "EdDSA" ? "HS256" : "EdDSA"
        let start = Date()
        deployment.config.algorithm = next
        if next == "HS256" { deployment.config.keysRotation = nil }  // HS256 rotates by secret lists
        let change = try reloadNodes("algorithm \(next)") {}
        model.previousAlgorithm = model.algorithm
        model.algorithm = next
        model.algorithmChange = TruthModel.Change(start: start, end: change.end, local: true)
    }

    /// Runs a client command; on failure the client's state is unknown from then on.
    func cli(_ id: String, _ arguments: [String]) throws -> (TesseraBinary.Outcome, TruthModel.Change) {
        let start = Date()
        let outcome = try deployment.cli(arguments)
        let change = TruthModel.Change(start: start, end: Date(), local: false)
        note("\(arguments.joined(separator: " ")) -> exit \(outcome.status)")
        if outcome.status != 0 {
            note("  \(outcome.stderr.prefix(300))")
            model.clients[id]!.unknown = true
        }
        return (outcome, change)
    }

    func cliAdd(_ id: String) throws {
        let scopes = rng.subset(of: Self.scopes), audiences = rng.subset(of: Self.audiences)
        var arguments = ["client", "add", id, "--scope", scopes.joined(separator: " ")]
        for audience in audiences { arguments += ["--audience", audience] }
        let (outcome, change) = try cli(id, arguments)
        guard outcome.status == 0, let secret = outcome.stdoutLines.first else { return }
        var version = model.makeVersion(exists: true, secret: nil, scopes: scopes, audiences: audiences, change: change)
        version.secret = secret
        model.clients[id]!.versions.append(version)
    }

    func cliRemove(_ id: String) throws {
        let (outcome, change) = try cli(id, ["client", "remove", id])
        guard outcome.status == 0 else { return }
        let client = model.clients[id]!
        client.versions.append(model.makeVersion(exists: false, secret: nil, scopes: [], audiences: [], change: change))
        client.kills.append(TruthModel.Kill(what: "client remove", change: change))
    }

    /// `rotate-secret`, half the time with `--keep-old` (2 s, so that the overlap ends during the
    /// run, or 1 h): the previous secrets stay acceptable until then, never longer than before.
    func cliRotate(_ id: String, revokeTokens: Bool) throws {
        let keepOld: Int? = rng.chance(0.5) ? (rng.chance(0.5) ? 2 : 3600) : nil
        let (outcome, change) = try cli(
            id, ["client", "rotate-secret", id] + (revokeTokens ? ["--revoke-tokens"] : []) + (keepOld.map { ["--keep-old", "\($0)s"] } ?? []))
        guard outcome.status == 0, let secret = outcome.stdoutLines.first else { return }
        let client = model.clients[id]!
        var version = next(client.current, change: change)
        version.secret = secret
        version.previous = []
        if let keepOld {
            let earliest = change.start.addingTimeInterval(Double(keepOld) - 1), latest = change.end.addingTimeInterval(Double(keepOld))
            let before = client.current
            let kept = [TruthModel.PreviousSecret(secret: before.secret, earliest: earliest, latest: latest)] + before.previous.map {
                TruthModel.PreviousSecret(secret: $0.secret, earliest: min($0.earliest, earliest), latest: min($0.latest, latest))
            }
            // Which of the oldest the node dropped (expired, or past five) the model cannot tell
            // exactly: from the fourth previous secret on, either answer is taken.
            version.previous = kept.filter { $0.latest > change.start }.prefix(5).enumerated().map { index, secret in
                var secret = secret
                if index >= 3 { secret.earliest = .distantPast }
                return secret
            }
        }
        client.versions.append(version)
        if revokeTokens { client.kills.append(TruthModel.Kill(what: "rotate-secret --revoke-tokens", change: change)) }
    }

    /// `client update`: new scopes and audiences, and sometimes a token ttl of its own.
    func cliUpdate(_ id: String) throws {
        let scopes = rng.subset(of: Self.scopes), audiences = rng.subset(of: Self.audiences)
        var arguments = ["client", "update", id, "--scope", scopes.joined(separator: " ")]
        for audience in audiences { arguments += ["--audience", audience] }
        let ttl: Int? = rng.chance(0.4) ? [1800, 7200].randomElement(using: &rng)! : nil
        if let ttl { arguments += ["--token-ttl", "\(ttl)s"] }
        let (outcome, change) = try cli(id, arguments)
        guard outcome.status == 0 else { return }
        let client = model.clients[id]!
        var version = next(client.current, change: change)
        version.scopes = scopes.sorted()
        version.audiences = audiences.sorted()
        if let ttl { version.ttl = ttl }
        client.versions.append(version)
    }

    func cliDisable(_ id: String, revokeTokens: Bool) throws {
        let (outcome, change) = try cli(id, ["client", "disable", id] + (revokeTokens ? ["--revoke-tokens"] : []))
        guard outcome.status == 0 else { return }
        let client = model.clients[id]!
        var version = next(client.current, change: change)
        version.disabled = true
        client.versions.append(version)
        if revokeTokens { client.kills.append(TruthModel.Kill(what: "disable --revoke-tokens", change: change)) }
    }

    func cliEnable(_ id: String) throws {
        let (outcome, change) = try cli(id, ["client", "enable", id])
        guard outcome.status == 0 else { return }
        let client = model.clients[id]!
        var version = next(client.current, change: change)
        version.disabled = false
        client.versions.append(version)
    }

    /// A new registration state like `current`, under a new generation, from `change` on.
    func next(_ current: TruthModel.Version, change: TruthModel.Change) -> TruthModel.Version {
        var version = model.makeVersion(exists: true, secret: nil, scopes: current.scopes, audiences: current.audiences, change: change)
        version.secret = current.secret
        version.secretHash = current.secretHash
        version.previous = current.previous
        version.disabled = current.disabled
        version.ttl = current.ttl
        return version
    }

    func cliRevokeTokens(_ id: String) throws {
        let (outcome, change) = try cli(id, ["client", "revoke-tokens", id])
        guard outcome.status == 0 else { return }
        model.clients[id]!.kills.append(TruthModel.Kill(what: "client revoke-tokens", change: change))
    }

    func toggle(_ store: String) throws {
        let proxy = store == "redis" ? deployment.redisProxy! : deployment.database!.proxy
        if let index = model.outages.firstIndex(where: { $0.store == store && $0.end == nil }) {
            try proxy.open()
            model.outages[index].end = Date()
            note("\(store) up")
        } else {
            model.outages.append(TruthModel.Outage(store: store, start: Date()))
            proxy.cut()
            note("\(store) down")
        }
    }

    func restoreStores() throws {
        for store in model.storesDown { try toggle(store) }
    }

    // MARK: checks

    /// After every step: a few known tokens introspected on both nodes, and a token request for a
    /// client on each node.
    func sweep(all: Bool = false) throws {
        let jtis = all ? model.tokenOrder : (0..<4).compactMap { _ in pickToken() }
        for node in 0..<deployment.nodes.count {
            for jti in jtis where violation == nil { try introspect(jti, node: node) }
            if violation == nil { try requestToken(node: node, explicit: false) }
        }
    }
}
