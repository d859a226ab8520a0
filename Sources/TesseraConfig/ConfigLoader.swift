import Foundation
import Yams

/// Finds, reads and validates `config.yaml`.
package enum ConfigLoader {
    /// The file `serve` and friends use when no `--config` is given.
    package static let defaultPath = "config.yaml"

    /// Loads the config for a command.
    ///
    /// - `path` nil: `./config.yaml` when it exists, else the built-in defaults (embedded mode)
    ///   with `keys.directory` resolved against the current directory.
    /// - `path` given: that file must exist.
    ///
    /// `sourceFile` of the result is the path as given (or `config.yaml`), so a reload reads
    /// the same file.
    package static func load(path: String?, environment: [String: String]) throws(ConfigError) -> Config {
        try load(path: path, environment: environment, workingDirectory: FileManager.default.currentDirectoryPath)
    }

    /// Parses and validates config text. `file` names the source in errors and `sourceFile`,
    /// and its folder is the base for a relative `keys.directory`.
    package static func parse(yaml: String, file: String, environment: [String: String]) throws(ConfigError) -> Config {
        try parse(yaml: yaml, file: file, environment: environment, workingDirectory: FileManager.default.currentDirectoryPath)
    }

    /// `load` with relative paths taken against `workingDirectory` instead of the process's.
    static func load(path: String?, environment: [String: String], workingDirectory: String) throws(ConfigError) -> Config {
        let file = path ?? defaultPath
        let location = resolve(file, against: workingDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory) else {
            if path == nil {
                var config = Config.defaults
                config.keys.directory = resolve(config.keys.directory, against: workingDirectory)
                config.state.directory = resolve(config.state.directory, against: workingDirectory)
                return config
            }
            throw ConfigError(file: file, keyPath: "", message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ConfigError(file: file, keyPath: "", message: "is a directory, not a config file")
        }
        guard let data = FileManager.default.contents(atPath: location) else {
            throw ConfigError(file: file, keyPath: "", message: "cannot be read (check its permissions)")
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file, keyPath: "", message: "is not valid UTF-8")
        }
        return try parse(yaml: yaml, file: file, environment: environment, workingDirectory: workingDirectory)
    }

    static func parse(
        yaml: String, file: String, environment: [String: String], workingDirectory: String
    ) throws(ConfigError) -> Config {
        let document: Node?
        do {
            document = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError(file: file, keyPath: "", message: yamlMessage(error))
        }
        let reader = ConfigReader(file: file, environment: environment)
        var config = try Config(document: document, reader: reader)
        let folder = (resolve(file, against: workingDirectory) as NSString).deletingLastPathComponent
        config.keys.directory = resolve(config.keys.directory, against: folder)
        config.server.tls = config.server.tls?.resolved(against: folder)
        if let tls = config.admin?.tls { config.admin?.tls = tls.resolved(against: folder) }
        config.state.directory = resolve(config.state.directory, against: folder)
        config.sourceFile = file
        return config
    }

    /// `path` made absolute against `base`, with `.` and `..` removed (symlinks are kept).
    static func resolve(_ path: String, against base: String) -> String {
        let baseURL = URL(fileURLWithPath: base, isDirectory: true)
        return URL(fileURLWithPath: path, relativeTo: baseURL).standardizedFileURL.path
    }

    /// One line naming where the YAML is broken, without Yams' multi-line snippet.
    static func yamlMessage(_ error: any Error) -> String {
        guard let yamlError = error as? YamlError else { return "invalid YAML: \(error)" }
        switch yamlError {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            // An unterminated quote or bracket is only noticed where the file (or the flow) ends;
            // the construct's own start, from the context, is the line to fix.
            guard let context, context.mark.line != mark.line || context.mark.column != mark.column else {
                return "invalid YAML at line \(mark.line), column \(mark.column): \(context.map { "\(problem) (\($0.text))" } ?? problem)"
            }
            return "invalid YAML at line \(context.mark.line), column \(context.mark.column): \(problem) "
                + "(\(context.text) that starts there; noticed at line \(mark.line), column \(mark.column))"
        case let .reader(problem, offset, _, _):
            return "invalid YAML input at offset \(offset ?? 0): \(problem)"
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.sorted().joined(separator: ", ")
            return "invalid YAML at line \(context.mark.line), column \(context.mark.column): this mapping repeats the key \(keys)"
        default:
            return "invalid YAML: \(yamlError)"
        }
    }
}
