/// A configuration problem, located by file and key path.
///
/// `description` is always a single line, `<file>: <keyPath>: <message>`, ready for stderr
/// (`config.yaml: database.max_open_conns: expected an integer, got "ten"`). Empty parts are
/// left out, so a YAML syntax error reads `config.yaml: invalid YAML at line 3, column 7: ...`.
/// Messages never contain the value of an environment variable or a secret.
package struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The config file as the operator named it (`config.yaml`, `/etc/tessera/config.yaml`).
    package var file: String
    /// Dotted path with list indices, `clients[0].secret_hash`; empty for file-level problems.
    package var keyPath: String
    /// What is wrong, in one line.
    package var message: String

    package init(file: String, keyPath: String, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.message = message
    }

    package var description: String {
        let parts = [file, keyPath, message].filter { !$0.isEmpty }
        let line = parts.joined(separator: ": ")
        return String(line.map { $0.isNewline ? " " : $0 })
    }
}
