import TesseraConfig
import TesseraOAuth
import TesseraStore

/// The admin API's one way to the shared operations: `ClientOperations` for clients and
/// `KeyAdministration` for keys, the same the `tessera client` / `keys` commands call. This file
/// only translates: documents to records, records to views, and each operation's error to the
/// API's. Each call builds the operations from the config in force, so a SIGHUP that adds a
/// static client is seen by the next call.
final class AdminOperations: Sendable {
    let box: StateBox
    let database: PostgresPool?
    let redis: RedisPool?
    let keyStorage: any KeyStorage
    let policy: KeyRotationPolicy
    /// Told of every key made here (the audit record is written by the API itself).
    let refreshKeys: @Sendable () -> Void

    init(box: StateBox, database: PostgresPool?, redis: RedisPool?, keyStorage: any KeyStorage, policy: KeyRotationPolicy,
         refreshKeys: @escaping @Sendable () -> Void) {
        self.box = box
        self.database = database
        self.redis = redis
        self.keyStorage = keyStorage
        self.policy = policy
        self.refreshKeys = refreshKeys
    }

    var hasStore: Bool { database != nil }

    var clients: ClientOperations {
        ClientOperations(config: box.current.config, database: database.map { .pool($0) }, redis: redis)
    }

    func staticClient(_ id: String) -> ClientView? {
        box.current.config.clients.first { $0.id.utf8.elementsEqual(id.utf8) }.map(ClientView.init(static:))
    }

    func create(id: String, draft: ClientDraft) throws(AdminError) -> (ClientView, String?, ClientChange) {
        let record = draft.record(id: id)
        let (change, secret) = try Self.run { () throws(ClientOperationError) in
            try clients.add(record, secret: draft.usesSecret ? .generate : .none)
        }
        guard let view = try get(id) else { throw .unavailable("the client was not found after it was created") }
        return (view, secret, change)
    }

    /// Stored clients with an id after `after` (byte order), at most `limit`.
    func list(after: String?, limit: Int) throws(AdminError) -> [ClientView] {
        let records = try Self.run { () throws(ClientOperationError) in try clients.list() }
        return records.filter { after == nil || after!.utf8.lexicographicallyPrecedes($0.id.utf8) }
            .sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }.prefix(limit).map { ClientView(record: $0, issuedAt: nil) }
    }

    func get(_ id: String) throws(AdminError) -> ClientView? {
        let record: ClientRecord
        do {
            record = try clients.show(id)
        } catch {
            if case .unknownClient = error { return nil }
            throw AdminError(error)
        }
        return ClientView(record: record, issuedAt: issuedAt(id))
    }

    /// Writes every field of `draft` when the stored version is still `version` (`If-Match`; nil:
    /// any): the check and the write are one transaction of `ClientOperations.change`. With
    /// `changingMethod`, the secrets follow the method: dropped for a key or certificate method,
    /// one generated (and returned) for a secret method when the client holds none.
    func replace(_ id: String, with draft: ClientDraft, changingMethod: Bool, ifVersion version: Int64?)
        throws(AdminError) -> (ClientView, String?, ClientChange) {
        let stale = Flag()
        let generated = changingMethod && draft.usesSecret ? Secret.generateWithHash() : nil
        let issued = Flag()
        let change: ClientChange
        do {
            change = try clients.change(id, action: "client.update") { (record: inout ClientRecord, _: Int64) throws(ClientOperationError) in
                if let version, record.version != version {
                    stale.set()
                    throw .invalid("stale")
                }
                draft.apply(to: &record)
                guard changingMethod else { return }
                if !draft.usesSecret {
                    record.secrets = []
                } else if record.secrets.isEmpty, let generated {
                    record.secretHash = generated.hash.phcString
                    issued.set()
                }
            }
        } catch {
            if stale.isSet { throw .preconditionFailed }
            throw AdminError(error)
        }
        guard let view = try get(id) else { throw .notFound("no client \"\(id)\"") }
        return (view, issued.isSet ? generated?.secret : nil, change)
    }

    /// Runs one client operation, its error in the API's words.
    static func run<R>(_ body: () throws(ClientOperationError) -> R) throws(AdminError) -> R {
        do {
            return try body()
        } catch {
            throw AdminError(error)
        }
    }

    private static let issuedStatement = PostgresStatement(
        name: "tessera_admin_client_issued",
        sql: "SELECT extract(epoch FROM created_at)::bigint FROM tessera_clients WHERE id = $1", parameterCount: 1)

    /// `client_id_issued_at`: when the row was made (nil when it cannot be read).
    private func issuedAt(_ id: String) -> Int64? {
        guard let database else { return nil }
        let rows = try? database.withConnection { connection throws(StoreError) in
            try connection.execute(Self.issuedStatement, [id]).rows
        }
        return rows?.first?.first.flatMap { $0.flatMap { Int64($0) } }
    }

    /// Set inside an operation's closure, read after it threw.
    private final class Flag: @unchecked Sendable {
        // @unchecked: set and read on the calling thread: the closure runs before `change` returns.
        private(set) var isSet = false
        func set() { isSet = true }
    }
}
