import TesseraApp
import TesseraConfig
import TesseraStore

/// The client commands' way to `ClientOperations`: the config loaded, one PostgreSQL connection
/// and a one-connection Redis pool opened from it, and an operation's failure reported on one
/// line of stderr with the contract's exit code (2: bad usage, a static client; 1: the rest).
enum ClientOperationsAccess {
    /// Exit 2 when the config has no `database:` (or, with `cutOnly`, neither it nor Redis).
    static func open(configPath: String?, command: String, cutOnly: Bool = false) throws -> ClientOperations {
        try open(config: try loadConfig(path: configPath, environment: currentEnvironment()), command: command, cutOnly: cutOnly)
    }

    static func open(config: Config, command: String, cutOnly: Bool = false) throws -> ClientOperations {
        let source = config.sourceFile ?? "(built-in defaults)"
        if cutOnly {
            guard config.database != nil || config.cache.redis != nil else {
                printError("\(source): tessera \(command) needs Redis (cache.redis) or PostgreSQL (database) to record the revocation durably; neither is configured")
                throw Reported(code: ExitStatus.usage)
            }
        } else if config.database == nil {
            printError("\(source): database: not configured (tessera \(command) needs PostgreSQL)")
            throw Reported(code: ExitStatus.usage)
        }
        var database: ClientStoreAccess? = nil
        if let section = config.database {
            do {
                database = .connection(try PostgresConnection(url: section.url, connectTimeoutSeconds: 5))
            } catch {
                printError("tessera \(command): \(error)")
                throw Reported(code: ExitStatus.runtimeFailure)
            }
        }
        var redis: RedisPool? = nil
        if let cache = config.cache.redis {
            do {
                redis = RedisPool(options: try RedisOptions(url: cache.url, poolSize: 1, timeout: .seconds(1)))
            } catch {
                printError("\(source): cache.redis.url: \(error)")
                throw Reported(code: ExitStatus.usage)
            }
        }
        CommandAudit.use(config)
        return ClientOperations(config: config, database: database, redis: redis)
    }

    /// Runs one operation; its failure is one stderr line and the exit code, its warnings lines too.
    /// `inPlace`: the command changes a client in place (`update`, `disable`, `enable`), so naming
    /// one that is not stored is bad usage (exit 2), as naming a static one is.
    static func run<R>(_ command: String, inPlace: Bool = false, _ body: () throws(ClientOperationError) -> R) throws -> R {
        do {
            return try body()
        } catch {
            printError("tessera \(command): \(error)")
            let usage: Bool
            if case .unknownClient = error { usage = inPlace } else { usage = error.isUsage }
            throw Reported(code: usage ? ExitStatus.usage : ExitStatus.runtimeFailure)
        }
    }

    /// A change made: its audit record (actor cli:<os user>), and its warnings on stderr.
    static func warn(_ change: ClientChange, command: String) {
        CommandAudit.record(change, command: command)
        for warning in change.warnings { printError("tessera \(command): warning: \(warning)") }
    }
}
