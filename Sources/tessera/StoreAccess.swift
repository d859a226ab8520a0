import TesseraConfig
import TesseraStore

/// PostgreSQL and Redis as the CLI uses them: one connection each, opened from the config, and
/// failures reported on one line of stderr with the contract's exit codes.
struct StoreAccess {
    let database: PostgresConnection
    let redis: RedisPool?
    /// `tokens.ttl` plus leeway: how long a cut of a client's tokens must be kept.
    var tokenLifetime: Int64 = 3660

    /// Opens the database named by `database.url`; exit 2 when the config has no `database:`,
    /// exit 1 when PostgreSQL cannot be reached.
    static func open(configPath: String?, command: String) throws -> StoreAccess {
        try open(config: try loadConfig(path: configPath, environment: currentEnvironment()), command: command)
    }

    /// `open` on a config already loaded.
    static func open(config: Config, command: String) throws -> StoreAccess {
        guard let section = config.database else {
            printError("\(config.sourceFile ?? "(built-in defaults)"): database: not configured (tessera \(command) needs PostgreSQL)")
            throw Reported(code: ExitStatus.usage)
        }
        let database: PostgresConnection
        do {
            database = try PostgresConnection(url: section.url, connectTimeoutSeconds: 5)
        } catch {
            printError("tessera \(command): \(error)")
            throw Reported(code: ExitStatus.runtimeFailure)
        }
        var redis: RedisPool? = nil
        if let cache = config.cache.redis, let options = try? RedisOptions(url: cache.url, poolSize: 1, timeout: .seconds(1)) {
            redis = RedisPool(options: options)
        }
        return StoreAccess(database: database, redis: redis, tokenLifetime: Int64(config.tokens.ttl.components.seconds) + 60)
    }

    /// Runs a store call, turning a failure into one stderr line and exit 1.
    func run<R>(_ command: String, _ body: () throws(StoreError) -> R) throws -> R {
        do {
            return try body()
        } catch {
            // 42P01 undefined_table: the schema is not there yet.
            var hint = ""
            if case .server(_, "42P01", _) = error { hint = " (run tessera migrate first)" }
            printError("tessera \(command): \(error)\(hint)")
            throw Reported(code: ExitStatus.runtimeFailure)
        }
    }

    /// Tells every running node that this client changed: drops its Redis entry and publishes an
    /// invalidation (applied within a second). Without Redis, nodes notice when their local
    /// entry expires (`cache.local.ttl`); with Redis down, once they resubscribe (they drop its
    /// client entries then).
    func announce(clientID: String, command: String) {
        guard let redis else { return }
        do {
            try RedisClientCache(pool: redis).invalidate(id: clientID)  // new generation, entry gone
            try InvalidationBus.publish(.client(id: clientID), pool: redis)
        } catch {
            printError("tessera \(command): warning: could not notify running nodes through Redis (\(error)); nodes that lost Redis too apply it once they are back on it, others within cache.local.ttl")
        }
    }
}
