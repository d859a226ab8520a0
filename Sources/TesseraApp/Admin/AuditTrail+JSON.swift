import TesseraJOSE
import TesseraStore

extension AuditTrail {
    /// A record as the API answers it and the audit file stores it.
    static func json(_ entry: AuditEntry) -> JSONValue {
        let changes = (try? JSONValue.parse(Array(entry.changes.utf8), limits: .init(maximumBytes: 1 << 20, maximumMembers: 4096)))
            ?? .object([])
        return .object([
            ("id", .string(String(entry.id))), ("ts", .string(AuditTime.text(millis: entry.timestampMillis))),
            ("actor", .string(entry.actor)), ("source", .string(entry.source)), ("request_id", .string(entry.requestID)),
            ("action", .string(entry.action)), ("target", .string(entry.target)), ("result", .string(entry.result)),
            ("changes", changes),
        ])
    }

    /// The record a line of the audit file holds, nil when it is not one.
    static func entry(_ value: JSONValue) -> AuditEntry? {
        guard let id = value["id"]?.stringValue.flatMap({ Int64($0) }), let ts = value["ts"]?.stringValue.flatMap(AuditTime.parse),
              let actor = value["actor"]?.stringValue, let action = value["action"]?.stringValue,
              let target = value["target"]?.stringValue, let result = value["result"]?.stringValue
        else { return nil }
        var changes: [UInt8] = []
        (value["changes"] ?? .object([])).appendJSON(to: &changes)
        return AuditEntry(id: id, timestampMillis: ts, actor: actor, source: value["source"]?.stringValue ?? "",
                          requestID: value["request_id"]?.stringValue ?? "", action: action, target: target, result: result,
                          changes: String(decoding: changes, as: UTF8.self))
    }
}

/// `changes` of a record: `{"field": [before, after]}` for each member that differs; secrets,
/// hashes and private keys only as `"(changed)"`.
package enum AuditChanges {
    /// Members whose values never appear in a record.
    static let masked: Set<String> = ["client_secret", "secret_hash", "secrets", "private_key", "hs256_secret"]

    /// `before` nil: a creation; `after` nil: a removal.
    package static func between(_ before: [(String, JSONValue)]?, _ after: [(String, JSONValue)]?) -> JSONValue {
        var names: [String] = []
        for (name, _) in (before ?? []) + (after ?? []) where !names.contains(name) { names.append(name) }
        var members: [(String, JSONValue)] = []
        for name in names {
            let old = before?.first { $0.0 == name }?.1 ?? .null
            let new = after?.first { $0.0 == name }?.1 ?? .null
            guard old != new else { continue }
            members.append(masked.contains(name) ? (name, .string("(changed)")) : (name, .array([old, new])))
        }
        return .object(members)
    }

    /// A change of secret material only: `{"client_secret": "(changed)"}` and the like.
    package static func secret(_ names: String...) -> JSONValue {
        .object(names.map { ($0, .string("(changed)")) })
    }
}
