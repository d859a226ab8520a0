import Yams

/// One mapping of the config file, already checked for unknown keys. Each getter returns the
/// default when the key is absent (or null) and enforces the value's type and range.
struct ConfigSection {
    let reader: ConfigReader
    let path: String
    let values: [String: Node]

    func path(_ key: String) -> String { ConfigReader.join(path, key) }

    func has(_ key: String) -> Bool { values[key] != nil }

    func error(_ key: String, _ message: String) -> ConfigError {
        reader.error(path(key), message)
    }

    func string(_ key: String, default fallback: String) throws(ConfigError) -> String {
        guard let node = values[key] else { return fallback }
        return try reader.text(node, at: path(key), expected: "a string")
    }

    func int(_ key: String, default fallback: Int, in range: ClosedRange<Int> = 0...Int.max) throws(ConfigError) -> Int {
        guard let node = values[key] else { return fallback }
        let text = try reader.text(node, at: path(key), expected: "an integer")
        guard let value = Int(text) else {
            throw error(key, "expected an integer, got \(ConfigReader.describe(node))")
        }
        guard range.contains(value) else {
            // A number that came from the environment is not echoed back.
            let shown = text == ConfigReader.rawText(node) ? "\(value)" : ConfigReader.describe(node)
            throw error(key, Self.rangeMessage(range, shown))
        }
        return value
    }

    func bool(_ key: String, default fallback: Bool) throws(ConfigError) -> Bool {
        guard let node = values[key] else { return fallback }
        switch try reader.text(node, at: path(key), expected: "true or false") {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw error(key, "expected true or false, got \(ConfigReader.describe(node))")
        }
    }

    /// A duration of at least `minimum` (zero is allowed only when `minimum` is zero).
    func duration(_ key: String, default fallback: Duration, minimum: Duration = .nanoseconds(1)) throws(ConfigError) -> Duration {
        guard let node = values[key] else { return fallback }
        let text = try reader.text(node, at: path(key), expected: "a duration")
        if text.hasPrefix("-") { throw error(key, "must not be negative, got \(ConfigReader.describe(node))") }
        guard let value = Duration(configText: text) else {
            throw error(key, "expected a duration like 50ms, 300s, 5m, 1h or a number of seconds, got \(ConfigReader.describe(node))")
        }
        guard value >= minimum else {
            let bound = minimum == .nanoseconds(1) ? "greater than 0" : "at least \(minimum.configText)"
            throw error(key, "must be \(bound), got \(ConfigReader.describe(node))")
        }
        return value
    }

    func stringList(_ key: String, default fallback: [String]) throws(ConfigError) -> [String] {
        guard values[key] != nil else { return fallback }
        var result: [String] = []
        for item in try reader.list(values[key], at: path(key)) {
            result.append(try reader.text(item.node, at: item.path, expected: "a string"))
        }
        return result
    }

    func section(_ key: String, keys: [String]) throws(ConfigError) -> ConfigSection? {
        try reader.section(values[key], at: path(key), keys: keys)
    }

    func list(_ key: String) throws(ConfigError) -> [(node: Node, path: String)] {
        try reader.list(values[key], at: path(key))
    }

    static func rangeMessage(_ range: ClosedRange<Int>, _ value: String) -> String {
        if range.upperBound == Int.max { return "must be at least \(range.lowerBound), got \(value)" }
        return "must be between \(range.lowerBound) and \(range.upperBound), got \(value)"
    }
}
