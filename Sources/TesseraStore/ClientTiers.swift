import TesseraCore
/// The tiers behind the local LRU for client records: Redis (optional), then PostgreSQL. A fetch
/// asks Redis first, then PostgreSQL, and fills Redis on the way back, including "no such client"
/// (negative caching, shorter TTL) so a flood of bogus ids stops at Redis. The fill is refused
/// when the client changed since the Redis read (`RedisClientCache.fill`), so it needs no pause
/// after an invalidation and never installs a row a racing change replaced. Concurrent fetches of
/// one id share one trip (single-flight). Blocking: run it off the I/O threads.
package final class ClientTiers: Sendable {
    /// What one fetch found, and the tiers it consulted with their durations.
    package struct Fetch: Sendable {
        package var result: Result<ClientRecord?, StoreError>
        package var steps: [Step]
        /// True when this caller waited for another one's fetch.
        package var shared = false
        /// True when the client changed while this fetch read PostgreSQL (its Redis fill was
        /// refused): what it read may be the old row, to answer with but not to cache.
        package var raced = false
    }

    package struct Step: Sendable, Equatable {
        package var tier: StoreTier
        package var nanoseconds: UInt64
        package var hit: Bool
    }

    package let redis: RedisClientCache?
    package let database: PostgresPool
    private let table = PostgresClientTable()
    private let flights = SingleFlight<ExactString, Fetch>()
    /// TTLs of what is written to Redis.
    package let ttlMilliseconds: Int64
    package let negativeTTLMilliseconds: Int64

    package init(redis: RedisClientCache?, database: PostgresPool, ttlMilliseconds: Int64, negativeTTLMilliseconds: Int64) {
        self.redis = redis
        self.database = database
        self.ttlMilliseconds = ttlMilliseconds
        self.negativeTTLMilliseconds = negativeTTLMilliseconds
    }

    package func fetch(id: String) -> Fetch {
        let (value, shared) = flights.run(ExactString(id)) { fetchOnce(id: id) }
        var fetch = value
        fetch.shared = shared
        return fetch
    }

    private func fetchOnce(id: String) -> Fetch {
        var steps: [Step] = []
        // What Redis said, with the client's generation: the fill below must find it unchanged.
        var read: RedisClientCache.Read? = nil
        if let redis {
            let start = MonotonicClock.systemNanoseconds()
            read = try? redis.read(id: id)  // down: not worth a write either; PostgreSQL answers
            let elapsed = MonotonicClock.systemNanoseconds() &- start
            switch read?.entry {
            case .found(let record)?:
                steps.append(Step(tier: .redis, nanoseconds: elapsed, hit: true))
                return Fetch(result: .success(record), steps: steps)
            case .unknown?:
                steps.append(Step(tier: .redis, nanoseconds: elapsed, hit: true))
                return Fetch(result: .success(nil), steps: steps)
            case nil:
                steps.append(Step(tier: .redis, nanoseconds: elapsed, hit: false))
            }
        }
        let start = MonotonicClock.systemNanoseconds()
        let found: Result<ClientRecord?, StoreError>
        do {
            found = .success(try database.withConnection { connection throws(StoreError) in
                try table.find(id: id, on: connection)
            })
        } catch {
            found = .failure(error)
        }
        let elapsed = MonotonicClock.systemNanoseconds() &- start
        guard case .success(let record) = found else {
            steps.append(Step(tier: .postgres, nanoseconds: elapsed, hit: false))
            return Fetch(result: found, steps: steps)
        }
        steps.append(Step(tier: .postgres, nanoseconds: elapsed, hit: record != nil))
        var fetch = Fetch(result: .success(record), steps: steps)
        if let redis, let read {
            let entry: RedisClientCache.Entry = record.map { .found($0) } ?? .unknown
            let ttl = record == nil ? negativeTTLMilliseconds : ttlMilliseconds
            fetch.raced = (try? redis.fill(entry, id: id, ttlMilliseconds: ttl, after: read)) == false
        }
        return fetch
    }
}
