import Glibc
import TesseraConfig
import TesseraOAuth
import TesseraStore

/// Revokes every token of one client issued up to now (`client revoke-tokens`, `client remove`,
/// `client rotate-secret --revoke-tokens`): a per-client cut recorded durably (PostgreSQL when
/// configured, else Redis), announced on the invalidation channel, the client's shared reusable
/// tokens deleted. Returns once the cut's second has passed, so a token issued after the command
/// returns always carries a later `iat` than the cut.
struct TokenCut {
    let database: PostgresConnection?
    let redis: RedisPool?
    /// How long the cut must be kept: the longest a token issued before it lives, plus leeway.
    let lifetime: Int64

    /// Opens the stores the config names; exit 2 when it names neither.
    static func open(configPath: String?, command: String) throws -> TokenCut {
        let config = try loadConfig(path: configPath, environment: currentEnvironment())
        guard config.database != nil || config.cache.redis != nil else {
            printError("\(config.sourceFile ?? "(built-in defaults)"): tessera \(command) needs Redis (cache.redis) or PostgreSQL (database) to record the revocation durably; neither is configured")
            throw Reported(code: ExitStatus.usage)
        }
        var database: PostgresConnection? = nil
        if let section = config.database {
            do {
                database = try PostgresConnection(url: section.url, connectTimeoutSeconds: 5)
            } catch {
                printError("tessera \(command): \(error)")
                throw Reported(code: ExitStatus.runtimeFailure)
            }
        }
        var redis: RedisPool? = nil
        if let cache = config.cache.redis {
            do {
                redis = RedisPool(options: try RedisOptions(url: cache.url, poolSize: 1, timeoutNanoseconds: 1_000_000_000))
            } catch {
                printError("\(config.sourceFile ?? "(built-in defaults)"): cache.redis.url: \(error)")
                throw Reported(code: ExitStatus.usage)
            }
        }
        return TokenCut(database: database, redis: redis, lifetime: Int64(config.tokens.ttl.components.seconds) + 60)
    }

    init(database: PostgresConnection?, redis: RedisPool?, lifetime: Int64) {
        self.database = database
        self.redis = redis
        self.lifetime = lifetime
    }

    /// Cuts `clientID` at the current second; exit 1 when it cannot be recorded durably.
    func cut(clientID: String, command: String) throws {
        let now = Int64(time(nil))
        let expiresAt = now + lifetime
        // The store answers with the cut it recorded: one second past an earlier cut that is not
        // earlier than now, so tokens issued just after that one are covered too.
        var notBefore = now
        do throws(StoreError) {
            if let database {
                notBefore = try PostgresRevocationTable().insertCut(clientID: clientID, notBefore: now, expiresAt: expiresAt, on: database)
            } else if let redis {
                notBefore = try RedisRevocationTable(pool: redis).insertCut(
                    clientID: clientID, notBefore: now, expiresAt: expiresAt, now: now)
            }
        } catch {
            var hint = ""
            if case .server(_, "42P01", _) = error { hint = " (run tessera migrate first)" }
            printError("tessera \(command): the revocation could not be recorded: \(error)\(hint)")
            throw Reported(code: ExitStatus.runtimeFailure)
        }
        if let redis {
            do {
                try InvalidationBus.publish(.cut(clientID: clientID, notBefore: notBefore), pool: redis)
                try SharedTokenReuse.dropAll(clientID: clientID, pool: redis)
            } catch {
                printError("tessera \(command): warning: recorded, but running nodes could not be notified through Redis (\(error)); they apply it when they next load the revocations")
            }
        }
        // Wait out the cut's second: a token issued from now on has a later iat.
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        while Int64(clock.tv_sec) <= notBefore {
            usleep(UInt32(max(1000, (1_000_000_000 - clock.tv_nsec) / 1000)))
            clock_gettime(CLOCK_REALTIME, &clock)
        }
    }
}
