import TesseraApp
import TesseraConfig
import TesseraStore

/// The audit records of `tessera client` and `keys` commands (actor `cli:<os user>`): written
/// where the servers write theirs (PostgreSQL when configured, else the file under
/// `state.directory`). A record that cannot be written does not undo the change; it is one
/// warning line on stderr.
enum CommandAudit {
    /// The config of the command running; a command is one thread, set once before any change.
    nonisolated(unsafe) private static var config: Config?
    nonisolated(unsafe) private static var trail: AuditTrail?

    static func use(_ config: Config) {
        self.config = config
    }

    static func record(_ change: ClientChange, command: String) {
        guard let trail = open(command: command) else { return }
        if let problem = trail.record(change, actor: AuditTrail.cliActor) {
            printError("tessera \(command): warning: the change is made, but its audit record was not written: \(problem)")
        }
    }

    /// What `KeyAdministration.report` runs for a command: the log line and the record.
    static func keyReport(_ config: Config, command: String) -> @Sendable (KeyMade) -> Void {
        use(config)
        return { made in
            KeyAdministration.log(made)
            guard let trail = open(command: command) else { return }
            if let problem = trail.record(made, actor: AuditTrail.cliActor) {
                printError("tessera \(command): warning: the key is made, but its audit record was not written: \(problem)")
            }
        }
    }

    private static func open(command: String) -> AuditTrail? {
        if let trail { return trail }
        guard let config else { return nil }
        var connection: PostgresConnection?
        if let section = config.database {
            do {
                connection = try PostgresConnection(url: section.url, connectTimeoutSeconds: 5)
            } catch {
                printError("tessera \(command): warning: the audit record was not written: \(error)")
                return nil
            }
        }
        trail = AuditTrail.forCommand(config: config, connection: connection)
        return trail
    }
}
