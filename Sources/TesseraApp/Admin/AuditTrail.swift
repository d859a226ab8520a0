import Glibc
import TesseraConfig
import TesseraJOSE
import TesseraStore

/// Who changed what: one record per admin write, refused admin call, CLI change and scheduled key
/// rotation. Each is stored (`AuditStore`) and logged (`msg=audit`). `record` is the one entry for
/// every door: the admin API, the `tessera client` / `keys` commands (actor `AuditTrail.cliActor`)
/// and the key scheduler (actor `scheduler`).
package final class AuditTrail: Sendable {
    package enum Action: String, Sendable, CaseIterable {
        case clientCreate = "client.create", clientUpdate = "client.update", clientDelete = "client.delete"
        case clientSecretRotate = "client.secret.rotate", clientDisable = "client.disable", clientEnable = "client.enable"
        case clientRevokeTokens = "client.revoke_tokens", keyRotate = "key.rotate", keyScheduled = "key.scheduled"
        case adminDenied = "admin.denied"
    }

    package enum Result: String, Sendable {
        case ok, denied, error
    }

    let store: any AuditStore
    let retentionMillis: Int64
    /// False for the CLI, whose stderr is for its own one-line messages.
    let logs: Bool

    init(store: any AuditStore, retention: Duration, logs: Bool = true) {
        self.store = store
        self.retentionMillis = Int64(retention.components.seconds) * 1000
        self.logs = logs
    }

    /// The trail the config names: PostgreSQL through `pool` when given, else the file under
    /// `state.directory`.
    package static func open(config: Config, pool: PostgresPool?) -> AuditTrail {
        let retention = config.admin?.auditRetention ?? AdminConfig().auditRetention
        if let pool { return AuditTrail(store: PostgresAuditStore(pool: pool, single: nil), retention: retention) }
        return AuditTrail(store: AuditFile(directory: config.state.directory), retention: retention)
    }

    /// The trail for a CLI command: its own database connection, or the file.
    package static func forCommand(config: Config, connection: PostgresConnection?) -> AuditTrail {
        let retention = config.admin?.auditRetention ?? AdminConfig().auditRetention
        if let connection {
            return AuditTrail(store: PostgresAuditStore(pool: nil, single: connection), retention: retention, logs: false)
        }
        return AuditTrail(store: AuditFile(directory: config.state.directory), retention: retention, logs: false)
    }

    /// `cli:<os user>`: the actor of a change made with a `tessera` command.
    package static var cliActor: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return "cli:" + String(cString: name) }
        return "cli:\(geteuid())"
    }

    /// Stores and logs one record. `changes`: `AuditChanges.between` or `.masked`. Returns the stored
    /// record; a store failure is logged and thrown (the caller decides whether the change stands).
    @discardableResult
    package func record(actor: String, source: String, requestID: String, action: Action, target: String,
                        result: Result, changes: JSONValue = .object([])) throws(AdminError) -> AuditEntry {
        var rendered: [UInt8] = []
        changes.appendJSON(to: &rendered)
        var entry = AuditEntry(
            timestampMillis: AuditTime.nowMillis(), actor: actor, source: source, requestID: requestID,
            action: action.rawValue, target: Self.printable(target), result: result.rawValue,
            changes: String(decoding: rendered, as: UTF8.self))
        do {
            entry.id = try store.append(entry)
        } catch {
            Log.error("audit record not stored", [("action", entry.action), ("target", entry.target), ("reason", error.description)])
            throw error
        }
        if logs {
            Log.info("audit", [("id", "\(entry.id)"), ("actor", entry.actor), ("source", entry.source), ("request_id", entry.requestID),
                               ("action", entry.action), ("target", entry.target), ("result", entry.result), ("changes", entry.changes)])
        }
        return entry
    }

    func query(_ filter: AuditFilter) throws(AdminError) -> [AuditEntry] { try store.query(filter) }

    /// Drops what is older than `admin.audit_retention`.
    func purge(now millis: Int64 = AuditTime.nowMillis()) {
        do {
            try store.purge(olderThanMillis: millis - retentionMillis)
        } catch {
            Log.warning("audit retention purge failed", [("reason", error.description)])
        }
    }

    /// A target as stored: a control character (a refused id named in a path) becomes U+FFFD.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\u{FFFD}" : $0 }))
    }
}
