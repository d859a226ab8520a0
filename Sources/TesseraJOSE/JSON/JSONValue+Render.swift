extension JSONValue {
    /// Appends compact JSON text for this value (member order preserved).
    package func appendJSON(to out: inout [UInt8]) {
        switch self {
        case let .string(value): JSONWriter.appendString(value, to: &out)
        case let .integer(value): JSONWriter.appendInteger(value, to: &out)
        case let .number(value): out.append(contentsOf: "\(value)".utf8)
        case let .bool(value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .null: JSONWriter.appendRaw("null", to: &out)
        case let .array(values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.appendJSON(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            out.append(UInt8(ascii: "{"))
            for (index, (name, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(name, to: &out)
                out.append(UInt8(ascii: ":"))
                value.appendJSON(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Compact JSON text for this value.
    package var jsonText: String {
        var out: [UInt8] = []
        appendJSON(to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
