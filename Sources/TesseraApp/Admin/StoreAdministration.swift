import Glibc
import TesseraCore
import TesseraJOSE
import TesseraOAuth
import TesseraStore

/// A stand-in: the client and key operations over today's store code (`PostgresClientTable`, the
/// durable cuts, the key directory) until the shared operations replace this file. What today's
/// schema cannot hold (auth method, token_ttl, rate, disabled, dpop_bound_access_tokens, overlapping
/// secrets) is kept in this process only and enforced nowhere.
final class StoreAdministration: ClientAdministration, KeyAdministration, @unchecked Sendable {
    let box: StateBox
    let tiers: StoreTiers
    let durable: DurableRevocations
    let policy: KeyRotationPolicy
    /// The service's key check, run after a rotation so this node serves the new key at once.
    let refreshKeys: @Sendable () -> Void
    private let extras = Locked<[String: ClientDraft]>([:])

    init(box: StateBox, tiers: StoreTiers, durable: DurableRevocations, policy: KeyRotationPolicy, refreshKeys: @escaping @Sendable () -> Void) {
        self.box = box
        self.tiers = tiers
        self.durable = durable
        self.policy = policy
        self.refreshKeys = refreshKeys
    }

    static let replaceStatement = PostgresStatement(
        name: "tessera_admin_client_replace",
        sql: """
            UPDATE tessera_clients SET scopes = coalesce(string_to_array($2, E'\\x1f'), '{}'),
                audiences = coalesce(string_to_array($3, E'\\x1f'), '{}'), introspect = $4::boolean, jwks = $5,
                tls_subject_dn = $6, tls_san_dns = $7, tls_san_uri = $8,
                self_signed_certificates = coalesce(string_to_array($9, E'\\x1f'), '{}'),
                version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $10::bigint
            """, parameterCount: 10)
    static let issuedStatement = PostgresStatement(
        name: "tessera_admin_client_issued",
        sql: "SELECT extract(epoch FROM created_at)::bigint FROM tessera_clients WHERE id = $1", parameterCount: 1)

    var hasStore: Bool { tiers.database != nil }

    func staticClient(_ id: String) -> ClientView? {
        guard let entry = box.current.config.clients.first(where: { $0.id.utf8.elementsEqual(id.utf8) }) else { return nil }
        var draft = ClientDraft()
        draft.scopes = entry.scopes
        draft.audiences = entry.audiences
        draft.introspect = entry.introspect
        return ClientView(id: entry.id, draft: draft, version: 0, isStatic: true)
    }

    private func database<R>(_ body: (PostgresConnection) throws(StoreError) -> R) throws(AdminError) -> R {
        guard let pool = tiers.database else { throw .noClientStore }
        do { return try pool.withConnection(body) } catch { throw .unavailable("PostgreSQL: \(error)") }
    }

    private func view(_ record: ClientRecord, issuedAt: Int64?) -> ClientView {
        var draft = extras.withLock { $0[record.id] } ?? ClientDraft()
        draft.scopes = record.scopes
        draft.audiences = record.audiences
        draft.introspect = record.introspect
        draft.jwks = record.jwks
        draft.tlsSubjectDN = record.certificateMethods.subjectDN
        draft.tlsSanDNS = record.certificateMethods.sanDNS
        draft.tlsSanURI = record.certificateMethods.sanURI
        draft.selfSignedCertificates = record.certificateMethods.selfSignedCertificates
        return ClientView(id: record.id, draft: draft, version: record.version, issuedAt: issuedAt)
    }

    func create(id: String, draft: ClientDraft, secretHash: String?) throws(AdminError) -> ClientView {
        var record = ClientRecord(id: id, secretHash: secretHash ?? "", scopes: draft.scopes, audiences: draft.audiences,
                                  introspect: draft.introspect, jwks: draft.jwks)
        record.certificateMethods = ClientCertificateMethods(subjectDN: draft.tlsSubjectDN, sanDNS: draft.tlsSanDNS,
                                                             sanURI: draft.tlsSanURI, selfSignedCertificates: draft.selfSignedCertificates)
        guard try database({ connection throws(StoreError) in try PostgresClientTable().insert(record, on: connection) }) else {
            throw .conflict("client \"\(id)\" already exists")
        }
        extras.withLock { $0[id] = draft }
        announce(id)
        guard let created = try get(id) else { throw .unavailable("the client vanished after it was created") }
        return created
    }

    func list(after: String?, limit: Int) throws(AdminError) -> [ClientView] {
        let records = try database { connection throws(StoreError) in try PostgresClientTable().list(on: connection) }
        return records.filter { after == nil || after!.utf8.lexicographicallyPrecedes($0.id.utf8) }
            .sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }.prefix(limit).map { view($0, issuedAt: nil) }
    }

    func get(_ id: String) throws(AdminError) -> ClientView? {
        let found = try database { connection throws(StoreError) -> (ClientRecord, Int64?)? in
            guard let record = try PostgresClientTable().find(id: id, on: connection) else { return nil }
            let issued = try connection.execute(Self.issuedStatement, [id]).rows.first?.first.flatMap { $0.flatMap { Int64($0) } }
            return (record, issued)
        }
        return found.map { view($0.0, issuedAt: $0.1) }
    }

    func replace(_ id: String, with draft: ClientDraft, ifVersion version: Int64) throws(AdminError) -> ClientView {
        let joined = { (items: [String]) -> String? in items.isEmpty ? nil : items.joined(separator: "\u{1F}") }
        let parameters: [String?] = [
            id, joined(draft.scopes), joined(draft.audiences), draft.introspect ? "true" : "false", draft.jwks,
            draft.tlsSubjectDN, draft.tlsSanDNS, draft.tlsSanURI, joined(draft.selfSignedCertificates), String(version),
        ]
        let changed = try database { connection throws(StoreError) in try connection.execute(Self.replaceStatement, parameters).affected }
        guard changed == 1 else {
            if try get(id) == nil { throw .notFound("no client \"\(id)\"") }
            throw .preconditionFailed
        }
        extras.withLock { $0[id] = draft }
        announce(id)
        guard let updated = try get(id) else { throw .notFound("no client \"\(id)\"") }
        return updated
    }

    func delete(_ id: String) throws(AdminError) -> Bool {
        guard try database({ connection throws(StoreError) in try PostgresClientTable().delete(id: id, on: connection) }) else { return false }
        extras.withLock { $0[id] = nil }
        announce(id)
        try revokeTokens(id)  // rule 3: its tokens die with it
        return true
    }

    func rotateSecret(_ id: String, newHash: String, keepOld: Int64) throws(AdminError) -> Bool {
        guard try database({ connection throws(StoreError) in
            try PostgresClientTable().updateSecretHash(id: id, secretHash: newHash, on: connection)
        }) else { return false }
        announce(id)
        return true
    }

    func setDisabled(_ id: String, _ disabled: Bool) throws(AdminError) -> Bool {
        guard let current = try get(id) else { return false }
        extras.withLock { $0[id] = { var draft = current.draft; draft.disabled = disabled; return draft }() }
        announce(id)
        return true
    }

    /// The cut as `client revoke-tokens` makes it: recorded durably, published, reusable tokens
    /// dropped; returns once the cut's second has passed, so a token issued after the answer is live.
    func revokeTokens(_ id: String) throws(AdminError) {
        let notBefore: Int64
        do {
            notBefore = try durable.cut(clientID: id, now: Int64(time(nil)))
        } catch {
            throw .unavailable("the revocation could not be recorded: \(error)")
        }
        tiers.revocationPublisher?.publishCut(clientID: id, notBefore: notBefore)
        box.current.tokens.caches.reuse.removeAll(clientID: id)
        if let redis = tiers.redis { try? SharedTokenReuse.dropAll(clientID: id, pool: redis) }
        while Int64(time(nil)) <= notBefore { usleep(20_000) }
    }

    /// As `StoreAccess.announce`: every node drops the client's cached entry; this one at once.
    private func announce(_ id: String) {
        tiers.clients?.invalidate(id: id)
        box.current.tokens.caches.reuse.removeAll(clientID: id)
        guard let redis = tiers.redis else { return }
        do {
            try RedisClientCache(pool: redis).invalidate(id: id)
            _ = try InvalidationBus.publish(.client(id: id), pool: redis)
        } catch {
            Log.warning("admin: could not notify running nodes through Redis", [("client_id", id), ("reason", "\(error)")])
        }
    }

    func list() throws(AdminError) -> [KeyView] {
        let config = box.current.config
        let now = Int64(time(nil))
        guard let type = KeySet.jwsAlgorithm(config.tokens.algorithm).keyType else {
            let signer = box.current.keyRing.signer
            return [KeyView(kid: signer.keyID.value, algorithm: "HS256", created: nil, activates: 0, stopsSigning: nil,
                            unpublished: nil, state: "signing")]
        }
        _ = type
        let loaded: [LoadedKey]
        do { loaded = try KeyDirectory.load(path: config.keys.directory, now: now) } catch {
            throw .unavailable("keys.directory: \(error)")
        }
        let schedule = KeySchedule(keys: loaded, ttl: Int64(config.tokens.ttl.components.seconds), policy: policy)
        return loaded.sorted { $0.activation > $1.activation }.map { key in
            let successor = schedule.activations.last { $0 > key.activation }
            let state = schedule.isRetired(key.activation, now: now) ? "retired"
                : key.activation <= now && (successor.map { $0 > now } ?? true) ? "signing" : "published"
            return KeyView(kid: key.keyID.value, algorithm: key.keyType.defaultAlgorithm.rawValue, created: nil,
                           activates: key.activation, stopsSigning: successor,
                           unpublished: successor.map { $0 + schedule.retireAfter }, state: state)
        }
    }

    func rotate() throws(AdminError) -> KeyView {
        let config = box.current.config
        guard let type = KeySet.jwsAlgorithm(config.tokens.algorithm).keyType else {
            throw .conflict("tokens.algorithm is HS256, which signs with keys.hs256_secret, not a key file")
        }
        let outcome: KeyRotation.Outcome
        do {
            outcome = try KeyRotation.rotate(directory: config.keys.directory, ttl: Int64(config.tokens.ttl.components.seconds),
                                             now: Int64(time(nil)), policy: policy, type: type)
        } catch {
            throw .unavailable("keys.directory \(config.keys.directory): \(error)")
        }
        refreshKeys()
        guard let key = try list().first(where: { $0.kid == outcome.keyID }) else { throw .unavailable("the new key was not found") }
        return key
    }
}
