import TesseraJOSE

/// The shared operations' reports (`ClientChange`, `KeyMade`) as audit records: what the admin
/// API, the CLI and the key scheduler record, written once.
extension AuditTrail {
    /// The record's action: `ClientOperations` names each change as the contract does
    /// (`client.create`, `client.secret.rotate`, ...); anything else is an update.
    static func action(of change: ClientChange) -> Action {
        guard let action = Action(rawValue: change.action), action.rawValue.hasPrefix("client.") else { return .clientUpdate }
        return action
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
