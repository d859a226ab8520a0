/// One audit record as every audit store keeps it: plain text fields, `changes` already rendered as
/// a JSON object (secrets masked before it gets here). `id` grows with every record written, so it
/// orders records and serves as the query cursor.
package struct AuditEntry: Sendable, Equatable {
    package var id: Int64
    /// Unix time in milliseconds.
    package var timestampMillis: Int64
    package var actor: String
    package var source: String
    package var requestID: String
    package var action: String
    package var target: String
    package var result: String
    package var changes: String

    package init(id: Int64 = 0, timestampMillis: Int64, actor: String, source: String, requestID: String, action: String,
                 target: String, result: String, changes: String) {
        self.id = id
        self.timestampMillis = timestampMillis
        self.actor = actor
        self.source = source
        self.requestID = requestID
        self.action = action
        self.target = target
        self.result = result
        self.changes = changes
    }
}

/// What `GET /admin/audit` asks for: every field optional; newest first, records older than
/// `before` (the cursor) only.
package struct AuditFilter: Sendable, Equatable {
    package var sinceMillis: Int64?
    package var untilMillis: Int64?
    package var actor: String?
    package var target: String?
    package var action: String?
    package var before: Int64?
    package var limit: Int

    package init(sinceMillis: Int64? = nil, untilMillis: Int64? = nil, actor: String? = nil, target: String? = nil,
                 action: String? = nil, before: Int64? = nil, limit: Int = 100) {
        self.sinceMillis = sinceMillis
        self.untilMillis = untilMillis
        self.actor = actor
        self.target = target
        self.action = action
        self.before = before
        self.limit = limit
    }

    package func matches(_ entry: AuditEntry) -> Bool {
        if let sinceMillis, entry.timestampMillis < sinceMillis { return false }
        if let untilMillis, entry.timestampMillis > untilMillis { return false }
        if let actor, !entry.actor.utf8.elementsEqual(actor.utf8) { return false }
        if let target, !entry.target.utf8.elementsEqual(target.utf8) { return false }
        if let action, !entry.action.utf8.elementsEqual(action.utf8) { return false }
        if let before, entry.id >= before { return false }
        return true
    }
}
