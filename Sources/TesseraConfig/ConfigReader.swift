import Yams

/// Reads typed values out of a composed YAML tree, keeping track of key paths so every
/// problem becomes a `ConfigError` naming the file and the key.
///
/// Every scalar goes through `${NAME}` expansion before it is interpreted, so numbers,
/// booleans and durations can come from the environment too. Error messages quote the
/// scalar as written in the file, never the expanded value.
struct ConfigReader {
    let file: String
    let environment: [String: String]

    func error(_ keyPath: String, _ message: String) -> ConfigError {
        ConfigError(file: file, keyPath: keyPath, message: message)
    }

    /// A mapping whose keys must all be in `keys`; nil for an absent or null node.
    func section(_ node: Node?, at path: String, keys: [String]) throws(ConfigError) -> ConfigSection? {
        guard let node, !Self.isNull(node) else { return nil }
        guard case let .mapping(mapping) = node else {
            throw error(path, "expected a mapping, got \(Self.describe(node))")
        }
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case let .scalar(keyScalar) = keyNode else {
                throw error(path, "keys must be plain words, got \(Self.describe(keyNode))")
            }
            let key = keyScalar.string
            let keyPath = Self.join(path, key)
            guard keys.contains(key) else {
                if let suggestion = KeySuggestion.closest(to: key, among: keys) {
                    throw error(keyPath, "unknown key, did you mean `\(suggestion)`?")
                }
                throw error(keyPath, "unknown key (expected one of: \(keys.joined(separator: ", ")))")
            }
            if !Self.isNull(value) { values[key] = value }
        }
        return ConfigSection(reader: self, path: path, values: values)
    }

    /// Items of a list with their key paths; empty for an absent or null node.
    func list(_ node: Node?, at path: String) throws(ConfigError) -> [(node: Node, path: String)] {
        guard let node, !Self.isNull(node) else { return [] }
        guard case let .sequence(sequence) = node else {
            throw error(path, "expected a list, got \(Self.describe(node))")
        }
        return sequence.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
    }

    /// The expanded text of a scalar.
    func text(_ node: Node, at path: String, expected: String) throws(ConfigError) -> String {
        guard case let .scalar(scalar) = node else {
            throw error(path, "expected \(expected), got \(Self.describe(node))")
        }
        do {
            return try EnvironmentExpansion.expand(scalar.string, environment: environment)
        } catch {
            switch error {
            case .missing(let name):
                throw self.error(path, "environment variable \(name) is not set")
            case .malformed:
                throw self.error(path, "malformed ${...} reference (use ${NAME}, or $${ for a literal ${)")
            }
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// How a node appears in messages: a scalar as written (quoted, shortened), else its kind.
    static func describe(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar):
            let text = scalar.string
            let shown = text.count > 40 ? text.prefix(40) + "..." : Substring(text)
            return "\"\(shown)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// A scalar exactly as written in the file (before `${NAME}` expansion).
    static func rawText(_ node: Node) -> String? {
        if case let .scalar(scalar) = node { return scalar.string }
        return nil
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
