/// A parsed JSON value (RFC 8259). Objects keep their members in document order; duplicate
/// names are rejected by the parser, so lookups by name are unambiguous.
package enum JSONValue: Hashable, Sendable {
    case string(String)
    /// A number written without fraction or exponent that fits in Int64.
    case integer(Int64)
    /// Any other number.
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Parses exactly one JSON value (surrounding whitespace allowed, nothing else).
    package static func parse(_ bytes: UnsafeRawBufferPointer, limits: JSONParser.Limits = .init()) throws(JOSEError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, limits: limits)
        return try parser.parseDocument()
    }

    package static func parse(_ bytes: [UInt8], limits: JSONParser.Limits = .init()) throws(JOSEError) -> JSONValue {
        var result: Result<JSONValue, JOSEError> = .failure(.invalidJSON(offset: 0, reason: "empty"))
        bytes.withUnsafeBytes { raw in
            do throws(JOSEError) { result = .success(try parse(raw, limits: limits)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// The member named `name` when this is an object (names compared as UTF-8 bytes).
    package subscript(name: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        for (key, value) in members where key.utf8.elementsEqual(name.utf8) { return value }
        return nil
    }

    package var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    package var integerValue: Int64? {
        if case let .integer(value) = self { return value }
        return nil
    }

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a.utf8.elementsEqual(b.utf8)
        case let (.integer(a), .integer(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0.utf8.elementsEqual($1.0.utf8) && $0.1 == $1.1 }
        default: return false
        }
    }

    package func hash(into hasher: inout Hasher) {
        switch self {
        case let .string(value): hasher.combine(0); for byte in value.utf8 { hasher.combine(byte) }
        case let .integer(value): hasher.combine(1); hasher.combine(value)
        case let .number(value): hasher.combine(2); hasher.combine(value)
        case let .bool(value): hasher.combine(3); hasher.combine(value)
        case .null: hasher.combine(4)
        case let .array(values): hasher.combine(5); hasher.combine(values)
        case let .object(members):
            hasher.combine(6)
            for (key, value) in members {
                for byte in key.utf8 { hasher.combine(byte) }
                hasher.combine(value)
            }
        }
    }
}
