import TesseraCore
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
    private let prober = PeriodicTask(interval: .milliseconds(250))
    /// Whether `tessera migrate` has run (/readyz and the log say so when it has not).
    let schema = SchemaWatch()
    /// CLOCK_MONOTONIC when the prober first found every store down; 0 while any answers.
    private let allDown = Atomic<UInt64>(0)
    /// `cache.local.stale_if_error`: how long cached clients outlive an outage of every store.
    let staleIfError: Duration
    /// The service's revocation list, once started (reloaded from PostgreSQL after an outage of
    /// the subscription, when revocations may have been missed).
    private let revocations = RevocationTarget()
    /// Logs each tier going down or coming back, once per transition.
    let events = TierEvents()

    /// Negative entries (ids known not to exist) live this long at most, locally and in Redis.
    static let negativeTTL: Duration = .seconds(5)

    init(config: Config, metrics: Metrics, onInvalidation: @escaping @Sendable (InvalidationMessage) -> Void) throws(ServiceError) {
        let file = config.sourceFile ?? "(built-in defaults)"
        staleIfError = config.cache.local.staleIfError
        var redis: RedisPool? = nil
        if let section = config.cache.redis {
            do {
                redis = RedisPool(options: try RedisOptions(
                    url: section.url, poolSize: section.poolSize, timeout: section.timeout))
            } catch {
                throw .configuration(ConfigError(file: file, keyPath: "cache.redis.url", message: error.description))
            }
        }
        self.redis = redis
        var database: PostgresPool? = nil
        if let section = config.database {
            database = PostgresPool(options: PostgresPoolOptions(config: section)) { waited in
                metrics.dbPoolWait.observe(nanos: Int(clamping: waited.nanoseconds))
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
            // Without Redis no change is announced: a client is read from PostgreSQL again at
            // least every 10 s, the contract's bound for that mode.
            let ttl = bus == nil ? min(config.cache.local.ttl, .seconds(10)) : config.cache.local.ttl
            let tiers = ClientTiers(
                redis: redis.map { RedisClientCache(pool: $0) }, database: database,
                ttlMilliseconds: Int64(ttl.nanoseconds / 1_000_000),
                negativeTTLMilliseconds: Int64(min(ttl, Self.negativeTTL).nanoseconds / 1_000_000))
            let trust: @Sendable () -> InvalidationBus.Trust? = if let bus { { bus.trust } } else { { nil } }
            clients = ClientCache(
                tiers: tiers, capacity: config.cache.local.capacity, ttl: ttl, negativeTTL: Self.negativeTTL,
                staleIfError: config.cache.local.staleIfError, trust: trust)
        } else {
            clients = nil
        }
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
        prober.start { [weak self] in self?.probe() }
    }

    func stop() {
        prober.stop()
        bus?.stop()
    }

    /// One round of health checks; also closes idle connections past their lifetime.
    func probe() {
        var anyUp = false
        if let redis {
            let up = redis.ping()
            anyUp = up
            redisUp.store(up, ordering: .relaxed)
            events.observe(.redis, up: up)
        }
        if let database {
            database.closeExpired()
            var ok = true
            do {
                try database.withConnection { connection throws(StoreError) in
                    _ = try connection.exec("SELECT 1")
                    try schema.check(connection)
                }
            } catch {
                // Every connection busy is a loaded database, not a missing one.
                ok = database.statistics.inUse > 0 && error == PostgresPool.waitTimedOut
            }
            databaseUp.store(ok, ordering: .relaxed)
            events.observe(.postgres, up: ok)
            anyUp = anyUp || ok
        }
        if anyUp {
            allDown.store(0, ordering: .relaxed)
        } else if allDown.load(ordering: .relaxed) == 0 {
            allDown.store(MonotonicClock.now(), ordering: .relaxed)
        }
    }

    /// When every configured store was first found down (CLOCK_MONOTONIC); nil while any answers.
    var allStoresDownSince: MonotonicInstant? {
        let since = allDown.load(ordering: .relaxed)
        return since == 0 ? nil : MonotonicInstant(nanoseconds: since)
    }

    /// Each configured tier with its state, for /readyz.
    var tierStates: [(tier: StoreTier, up: Bool)] {
        var states: [(StoreTier, Bool)] = [(.local, true)]
        if redis != nil { states.append((.redis, redisUp.load(ordering: .relaxed))) }
        if database != nil { states.append((.postgres, databaseUp.load(ordering: .relaxed))) }
        return states
    }
}
