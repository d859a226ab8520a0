import TesseraJOSE

/// The shared operations' reports (`ClientChange`, `KeyMade`) as audit records: what the admin
/// API, the CLI and the key scheduler record, written once.
extension AuditTrail {
    /// The contract's action for an operation's own name (`client.add` is `client.create`).
    static func action(of change: ClientChange) -> Action {
        switch change.action {
        case "client.add": .clientCreate
        case "client.remove": .clientDelete
        case "client.rotate_secret": .clientSecretRotate
        case "client.disable": .clientDisable
        case "client.enable": .clientEnable
        case "client.revoke_tokens": .clientRevokeTokens
        default: .clientUpdate
        }
    }

    /// A change made outside the admin API (a `tessera client` command), recorded as `ok`.
    /// A record that cannot be stored is logged and reported to the caller; the change stands.
    @discardableResult
    package func record(_ change: ClientChange, actor: String) -> String? {
        do {
            try record(actor: actor, source: "", requestID: "", action: Self.action(of: change), target: change.target,
                       result: .ok, changes: AuditChanges.of(change))
            return nil
        } catch {
            return error.description
        }
    }

    /// A key made by `keys rotate` (`key.rotate`) or the schedule (`key.scheduled`).
    @discardableResult
    package func record(_ made: KeyMade, actor: String) -> String? {
        do {
            try record(actor: actor, source: "", requestID: "", action: made.cause == .scheduled ? .keyScheduled : .keyRotate,
                       target: made.keyID, result: .ok, changes: AuditChanges.of(made))
            return nil
        } catch {
            return error.description
        }
    }

    /// What `KeyAdministration.report` runs for the scheduler: the log line it always wrote, and
    /// the record.
    package func schedulerReport() -> @Sendable (KeyMade) -> Void {
        { [self] made in
            KeyAdministration.log(made)
            record(made, actor: "scheduler")
        }
    }
}

extension AuditChanges {
    /// `{"field": [before, after]}` of a client operation; secret material only as "(changed)".
    package static func of(_ change: ClientChange) -> JSONValue {
        .object(change.fields.map { field in
            if masked.contains(field.name) || field.name == "secret" { return (field.name, .string("(changed)")) }
            return (field.name, .array([field.before.map(JSONValue.string) ?? .null, field.after.map(JSONValue.string) ?? .null]))
        })
    }

    package static func of(_ made: KeyMade) -> JSONValue {
        .object([
            ("kid", .array([.null, .string(made.keyID)])), ("algorithm", .array([.null, .string(made.algorithm.rawValue)])),
            ("activation", .array([.null, .integer(made.activation)])), ("private_key", .string("(changed)")),
        ])
    }
}
