import Yams

extension ConfigSection {
    /// The value at `key` as JSON text: a YAML mapping or sequence is rendered as JSON (scalars as
    /// JSON strings, `${ENV}` expanded), a YAML string is taken as JSON text already. Nil when absent.
    /// Used for `clients[].jwks`, whose meaning the OAuth module checks.
    func jsonText(_ key: String) throws(ConfigError) -> String? {
        guard let node = values[key] else { return nil }
        if case .scalar = node { return try reader.text(node, at: path(key), expected: "a JSON object or a mapping") }
        var out = ""
        try render(node, at: path(key), into: &out)
        return out
    }

    private func render(_ node: Node, at path: String, into out: inout String) throws(ConfigError) {
        switch node {
        case .mapping(let mapping):
            out += "{"
            for (index, pair) in mapping.enumerated() {
                if index > 0 { out += "," }
                let name = try reader.text(pair.key, at: path, expected: "a string key")
                Self.appendJSONString(name, to: &out)
                out += ":"
                try render(pair.value, at: ConfigReader.join(path, name), into: &out)
            }
            out += "}"
        case .sequence(let sequence):
            out += "["
            for (index, item) in sequence.enumerated() {
                if index > 0 { out += "," }
                try render(item, at: "\(path)[\(index)]", into: &out)
            }
            out += "]"
        default:
            Self.appendJSONString(try reader.text(node, at: path, expected: "a string"), to: &out)
        }
    }

    private static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
