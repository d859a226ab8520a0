import TesseraCore
/// The tiers behind the local LRU for client records: Redis (optional), then PostgreSQL. A fetch
/// asks Redis first, then PostgreSQL, and fills Redis on the way back, including "no such client"
/// (negative caching, shorter TTL) so a flood of bogus ids stops at Redis. Concurrent fetches of
/// one id share one trip (single-flight). Blocking: run it off the I/O threads.
package final class ClientTiers: Sendable {
    /// What one fetch found, and the tiers it consulted with their durations.
    package struct Fetch: Sendable {
        package var result: Result<ClientRecord?, StoreError>
        package var steps: [Step]
        /// True when this caller waited for another one's fetch.
        package var shared = false
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
        var redisAnswers = false
        if let redis {
            let start = MonotonicClock.systemNanoseconds()
            var entry: RedisClientCache.Entry? = nil
            do {
                entry = try redis.get(id: id)
                redisAnswers = true
            } catch {
                redisAnswers = false  // not worth a write either; PostgreSQL answers
            }
            let elapsed = MonotonicClock.systemNanoseconds() &- start
            switch entry {
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
        if let redis, redisAnswers {
            if let record {
                try? redis.set(.found(record), id: id, ttlMilliseconds: ttlMilliseconds)
            } else {
                try? redis.set(.unknown, id: id, ttlMilliseconds: negativeTTLMilliseconds)
            }
        }
        return Fetch(result: .success(record), steps: steps)
    }
}
