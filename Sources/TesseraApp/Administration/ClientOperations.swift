import TesseraConfig
import TesseraCore
import TesseraOAuth
import TesseraStore

/// The one implementation of every change to a stored client, shared by the CLI and the admin
/// API: each runs in one PostgreSQL transaction (nothing half-applied), is announced to every
/// node (the Redis entry dropped and an invalidation published: applied within 1 s; without
/// Redis, within 10 s or `cache.local.ttl` if shorter), and returns a `ClientChange` for the audit trail.
/// Static clients (`clients:`) are refused: they change in the config file, with SIGHUP.
package struct ClientOperations: Sendable {
    let database: ClientStoreAccess?
    let redis: RedisPool?
    let staticIDs: Set<ExactString>
    /// `tokens.max_ttl` in seconds: the longest `token_ttl`.
    let maxTTLSeconds: Int64
    /// How long a cut must be kept: the longest a token issued before it lives, plus leeway.
    let cutLifetime: Int64
    let table = PostgresClientTable()

    package init(config: Config, database: ClientStoreAccess?, redis: RedisPool?) {
        self.database = database
        self.redis = redis
        staticIDs = Set(config.clients.map { ExactString($0.id) })
        maxTTLSeconds = Int64(config.tokens.maxTTL.components.seconds)
        cutLifetime = config.tokens.longestLifetimeSeconds + 60
    }

    package func list() throws(ClientOperationError) -> [ClientRecord] {
        try inDatabase { connection throws(StoreError) in try table.list(on: connection) }
    }

    package func show(_ id: String) throws(ClientOperationError) -> ClientRecord {
        let found = try inDatabase { connection throws(StoreError) in try table.find(id: id, on: connection) }
        guard let found else { throw .unknownClient(id) }
        return found
    }

    /// Registers `record` with its secret from `secret`; returns the generated secret, if any.
    package func add(_ record: ClientRecord, secret: NewSecret) throws(ClientOperationError) -> (ClientChange, String?) {
        guard !isStatic(record.id) else { throw .staticClient(record.id) }
        var record = record
        try check(record)
        var printed: String? = nil
        switch secret {
        case .generate:
            let generated = Secret.generateWithHash()
            printed = generated.secret
            record.secretHash = generated.hash.phcString
        case .chosen(let bytes): record.secretHash = SecretHash.makePBKDF2(secret: bytes).phcString
        case .none: record.secretHash = ""
        }
        let stored = record
        let added = try inDatabase { connection throws(StoreError) in try table.insert(stored, on: connection) }
        guard added else { throw .alreadyExists(record.id) }
        var change = ClientChange(action: "client.create", target: record.id, fields: Self.diff(nil, record))
        announce(record.id, into: &change)  // drops a cached "unknown"
        return (change, printed)
    }

    /// Removes the client and cuts its tokens (rule 3: they die with it, and stay dead if the id
    /// is registered again).
    package func remove(_ id: String) throws(ClientOperationError) -> ClientChange {
        guard !isStatic(id) else { throw .staticClient(id) }
        let now = Self.now()
        let (removed, notBefore) = try transaction { connection throws(ClientOperationError) in
            guard let before = try store({ () throws(StoreError) in try table.findForUpdate(id: id, on: connection) }) else {
                throw .unknownClient(id)
            }
            let cut = try store { () throws(StoreError) in
                _ = try table.delete(id: id, on: connection)
                return try ClientCut.record(clientID: id, notBefore: now, expiresAt: now + cutLifetime, mode: .after, on: connection)
            }
            return (before, cut)
        }
        var change = ClientChange(action: "client.delete", target: id, fields: Self.diff(removed, nil))
        announce(id, into: &change)
        announceCut(id, notBefore: notBefore, into: &change)
        ClientCut.waitOut(second: notBefore)
        return change
    }

    /// Every token of the client issued up to now becomes inactive (any client, static ones too;
    /// PostgreSQL, else Redis, records it).
    package func revokeTokens(_ id: String) throws(ClientOperationError) -> ClientChange {
        let now = Self.now()
        let notBefore: Int64
        if database != nil {
            notBefore = try inDatabase { connection throws(StoreError) in
                try ClientCut.record(clientID: id, notBefore: now, expiresAt: now + cutLifetime, mode: .after, on: connection)
            }
        } else if let redis {
            do {
                notBefore = try ClientCut.record(
                    clientID: id, notBefore: now, expiresAt: now + cutLifetime, mode: .after, redis: redis, now: now)
            } catch {
                throw .store(error)
            }
        } else {
            throw .notConfigured("revoking a client's tokens needs Redis (cache.redis) or PostgreSQL (database) to record it durably; neither is configured")
        }
        var change = ClientChange(action: "client.revoke_tokens", target: id, fields: [.init(name: "tokens_not_before", before: nil, after: String(notBefore))])
        announceCut(id, notBefore: notBefore, into: &change)
        ClientCut.waitOut(second: notBefore)
        return change
    }
}
