import Dispatch
import Glibc
import Synchronization
import TesseraConfig
import TesseraOAuth
import TesseraStore

/// The tiers behind the local LRU, built once from `cache.redis` and `database` (changing them
/// needs a restart): the Redis pool, the PostgreSQL pool, the client tiers with their local cache,
/// the invalidation bus, and a prober that keeps /readyz current without blocking an I/O thread.
final class StoreTiers: Sendable {
    let redis: RedisPool?
    let database: PostgresPool?
    let clients: ClientCache?
    let bus: InvalidationBus?
    let revocationPublisher: TierRevocationPublisher?
    private let redisUp = Atomic<Bool>(false)
    private let databaseUp = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)
    private let prober = Mutex<pthread_t?>(nil)
    /// The service's revocation list, once started (reloaded from PostgreSQL after an outage of
    /// the subscription, when revocations may have been missed).
    private let revocations = RevocationTarget()
    /// Logs each tier going down or coming back, once per transition.
    let events = TierEvents()

    /// Negative entries (ids known not to exist) live this long at most, locally and in Redis.
    static let negativeTTLNanoseconds: UInt64 = 5_000_000_000

    init(config: Config, metrics: Metrics, onInvalidation: @escaping @Sendable (InvalidationMessage) -> Void) throws(ServiceError) {
        let file = config.sourceFile ?? "(built-in defaults)"
        var redis: RedisPool? = nil
        if let section = config.cache.redis {
            do {
                redis = RedisPool(options: try RedisOptions(
                    url: section.url, poolSize: section.poolSize, timeoutNanoseconds: section.timeout.nanoseconds))
            } catch {
                throw .configuration(ConfigError(file: file, keyPath: "cache.redis.url", message: error.description))
            }
        }
        self.redis = redis
        var database: PostgresPool? = nil
        if let section = config.database {
            database = PostgresPool(options: Self.poolOptions(section)) { nanos in
                metrics.dbPoolWait.observe(nanos: Int(nanos))
            }
        }
        self.database = database
        let revocations = self.revocations
        let bus = redis.map { pool in
            InvalidationBus(pool: pool, handler: onInvalidation) { again throws(StoreError) in
                // Messages may have been missed (an outage this node saw, or one before it started):
                // a client changed meanwhile by a command that could not reach Redis may still have
                // its old entry there, which every node would take for the truth until its TTL.
                // They all go before this node trusts anything, over a connection of their own
                // (the pool may still be in its reconnect backoff).
                let dropped = try RedisClientCache.deleteAll(on: RedisConnection(pool.options))
                guard again else {
                    Log.info("invalidation channel subscribed", [("channel", InvalidationMessage.channel),
                                                                 ("redis_client_entries_dropped", "\(dropped)")])
                    return
                }
                Log.warning("invalidation channel resubscribed; entries cached before now are fetched again",
                            [("redis_client_entries_dropped", "\(dropped)")])
                // And the recorded revocations are read again.
                revocations.durable?.startLoading()
            }
        }
        self.bus = bus
        revocationPublisher = redis.map { TierRevocationPublisher(redis: $0) }
        if let database {
            let ttl = config.cache.local.ttl.nanoseconds
            let tiers = ClientTiers(
                redis: redis.map { RedisClientCache(pool: $0) }, database: database,
                ttlMilliseconds: Int64(ttl / 1_000_000),
                negativeTTLMilliseconds: Int64(min(ttl, Self.negativeTTLNanoseconds) / 1_000_000))
            let trust: @Sendable () -> InvalidationBus.Trust? = if let bus { { bus.trust } } else { { nil } }
            clients = ClientCache(
                tiers: tiers, capacity: config.cache.local.capacity, ttlNanoseconds: ttl,
                negativeTTLNanoseconds: Self.negativeTTLNanoseconds,
                staleIfErrorNanoseconds: config.cache.local.staleIfError.nanoseconds, trust: trust)
        } else {
            clients = nil
        }
    }

    static func poolOptions(_ section: DatabaseConfig) -> PostgresPoolOptions {
        PostgresPoolOptions(
            url: section.url, maxOpen: section.maxOpenConns, maxIdle: section.maxIdleConns,
            maxLifetimeNanoseconds: section.connMaxLifetime.nanoseconds,
            waitTimeoutNanoseconds: section.waitTimeout.nanoseconds,
            connectTimeoutSeconds: max(1, Int(section.waitTimeout.components.seconds) + 1))
    }

    var isConfigured: Bool { redis != nil || database != nil }

    /// Starts the subscription and the readiness prober, and loads the revocations recorded in
    /// PostgreSQL (in the background: a database that is down must not delay serving).
    func start(revocations: DurableRevocations) {
        guard isConfigured else { return }
        self.revocations.durable = revocations
        revocations.startLoading()
        let bus = self.bus
        revocations.startUpkeep { bus.map { !$0.trust.subscribed } ?? true }
        bus?.start()
        probe()
        running.store(true, ordering: .relaxed)
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        pthread_create(&thread, nil, { argument in
            let tiers = Unmanaged<StoreTiers>.fromOpaque(argument!).takeRetainedValue()
            while tiers.running.load(ordering: .relaxed) {
                usleep(250_000)
                tiers.probe()
            }
            return nil
        }, box.toOpaque())
        prober.withLock { $0 = thread }
    }

    func stop() {
        running.store(false, ordering: .relaxed)
        if let thread = prober.withLock({ $0 }) { pthread_join(thread, nil) }
        bus?.stop()
    }

    /// One round of health checks; also closes idle connections past their lifetime.
    func probe() {
        if let redis {
            let up = redis.ping()
            redisUp.store(up, ordering: .relaxed)
            events.observe(.redis, up: up)
        }
        if let database {
            database.closeExpired()
            var ok = true
            do {
                try database.withConnection { connection throws(StoreError) in _ = try connection.exec("SELECT 1") }
            } catch {
                // Every connection busy is a loaded database, not a missing one.
                ok = database.statistics.inUse > 0 && error == PostgresPool.waitTimedOut
            }
            databaseUp.store(ok, ordering: .relaxed)
            events.observe(.postgres, up: ok)
        }
    }

    /// Each configured tier with its state, for /readyz.
    var tierStates: [(name: String, up: Bool)] {
        var states: [(String, Bool)] = [("local", true)]
        if redis != nil { states.append(("redis", redisUp.load(ordering: .relaxed))) }
        if database != nil { states.append(("postgres", databaseUp.load(ordering: .relaxed))) }
        return states
    }

    func renderMetrics(into out: inout String) {
        let stats = database?.statistics ?? PostgresPoolStatistics()
        out += "# HELP tessera_db_pool_connections PostgreSQL pool connections by state.\n"
        out += "# TYPE tessera_db_pool_connections gauge\n"
        out += "tessera_db_pool_connections{state=\"open\"} \(stats.open)\n"
        out += "tessera_db_pool_connections{state=\"idle\"} \(stats.idle)\n"
        out += "tessera_db_pool_connections{state=\"in_use\"} \(stats.inUse)\n"
        out += "# HELP tessera_db_pool_waits_total Borrowers that waited for a pooled connection, and those that gave up.\n"
        out += "# TYPE tessera_db_pool_waits_total counter\n"
        out += "tessera_db_pool_waits_total{result=\"served\"} \(stats.waitCount - stats.waitTimeouts)\n"
        out += "tessera_db_pool_waits_total{result=\"timeout\"} \(stats.waitTimeouts)\n"
        out += "# HELP tessera_db_pool_closed_total PostgreSQL connections closed, by reason.\n"
        out += "# TYPE tessera_db_pool_closed_total counter\n"
        out += "tessera_db_pool_closed_total{reason=\"max_idle\"} \(stats.closedMaxIdle)\n"
        out += "tessera_db_pool_closed_total{reason=\"max_lifetime\"} \(stats.closedMaxLifetime)\n"
        out += "tessera_db_pool_closed_total{reason=\"broken\"} \(stats.closedBroken)\n"
    }
}

extension Duration {
    var nanoseconds: UInt64 {
        let parts = components
        return UInt64(max(0, parts.seconds)) &* 1_000_000_000 &+ UInt64(max(0, parts.attoseconds / 1_000_000_000))
    }
}

/// Where the bus thread finds the service's durable revocations once the service has started.
final class RevocationTarget: Sendable {
    private let stored = Mutex<DurableRevocations?>(nil)

    var durable: DurableRevocations? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
