/// What one client operation changed, for an audit trail to record in one call: the action, named
/// as the audit trail names it (`client.create`, `client.update`, `client.delete`,
/// `client.secret.rotate`, `client.disable`, `client.enable`, `client.revoke_tokens`), the client
/// id, and each changed field as `[before, after]` (nil: absent). Secret material never appears:
/// a changed secret reads "(changed)".
package struct ClientChange: Sendable, Equatable {
    package struct Field: Sendable, Equatable {
        package var name: String
        package var before: String?
        package var after: String?

        package init(name: String, before: String?, after: String?) {
            self.name = name
            self.before = before
            self.after = after
        }
    }

    package var action: String
    package var target: String
    package var fields: [Field]
    /// What went wrong after the change was committed (running nodes not told through Redis):
    /// the change stands; nodes apply it within `cache.local.ttl`, or once back on Redis.
    package var warnings: [String] = []

    package init(action: String, target: String, fields: [Field] = []) {
        self.action = action
        self.target = target
        self.fields = fields
    }

    package func field(_ name: String) -> Field? { fields.first { $0.name == name } }
}
