import Glibc
import TesseraCore
import TesseraOAuth
import TesseraStore

extension ClientOperations {
    func isStatic(_ id: String) -> Bool { staticIDs.contains(ExactString(id)) }

    static func now() -> Int64 { Int64(time(nil)) }

    func inDatabase<R>(_ body: (PostgresConnection) throws(StoreError) -> R) throws(ClientOperationError) -> R {
        guard let database else { throw .notConfigured("database: not configured (client changes need PostgreSQL)") }
        do {
            return try database.withConnection(body)
        } catch {
            throw .store(error)
        }
    }

    /// `body` in one transaction; whatever it throws rolls it back.
    func transaction<R>(_ body: (PostgresConnection) throws(ClientOperationError) -> R) throws(ClientOperationError) -> R {
        guard let database else { throw .notConfigured("database: not configured (client changes need PostgreSQL)") }
        do {
            return try database.transaction { connection in try body(connection) }
        } catch let error as ClientOperationError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .invalid("\(error)")
        }
    }

    func store<R>(_ body: () throws(StoreError) -> R) throws(ClientOperationError) -> R {
        do {
            return try body()
        } catch {
            throw .store(error)
        }
    }

    /// Rule 4 and the grant's own rules, for whatever a caller hands in (the admin API too).
    func check(_ record: ClientRecord) throws(ClientOperationError) {
        if let problem = ClientIdentifier.problem(record.id) { throw .invalid(problem) }
        for scope in record.scopes {
            if let problem = ClientIdentifier.problem(field: "scope", value: scope) { throw .invalid(problem) }
        }
        for audience in record.audiences {
            if let problem = ClientIdentifier.problem(field: "audience", value: audience) { throw .invalid(problem) }
        }
        guard !record.audiences.isEmpty else {
            throw .invalid("a client needs at least one audience (without one every token request is refused)")
        }
        if let ttl = record.policy.tokenTTLSeconds, ttl < 1 || ttl > maxTTLSeconds {
            throw .invalid("token_ttl must be between 1s and tokens.max_ttl (\(maxTTLSeconds)s), got \(ttl)s")
        }
        if let rate = record.policy.rate, rate.rps < 0 || rate.burst < 0 {
            throw .invalid("rate: rps and burst must be at least 0")
        }
    }

    /// Tells every running node that this client changed: its Redis entry goes (a new generation)
    /// and an invalidation is published.
    func announce(_ id: String, into change: inout ClientChange) {
        guard let redis else { return }
        do {
            try RedisClientCache(pool: redis).invalidate(id: id)
            try InvalidationBus.publish(.client(id: id), pool: redis)
        } catch {
            change.warnings.append(
                "could not notify running nodes through Redis (\(error)); nodes that lost Redis too apply it once they are back on it, others within cache.local.ttl")
        }
    }

    func announceCut(_ id: String, notBefore: Int64, into change: inout ClientChange) {
        guard let redis else { return }
        do {
            try ClientCut.announce(clientID: id, notBefore: notBefore, redis: redis)
        } catch {
            change.warnings.append(
                "recorded, but running nodes could not be notified through Redis (\(error)); they apply it when they next load the revocations")
        }
    }
}
