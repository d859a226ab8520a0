/// A strict RFC 8259 parser for the small documents found in tokens: depth and size limits,
/// no trailing garbage, no duplicate object members, valid UTF-8 only, no lone surrogates.
package struct JSONParser {
    package struct Limits: Sendable {
        package var maximumBytes: Int
        package var maximumDepth: Int

        package init(maximumBytes: Int = 8 * 1024, maximumDepth: Int = 32) {
            self.maximumBytes = maximumBytes
            self.maximumDepth = maximumDepth
        }
    }

    let bytes: UnsafeRawBufferPointer
    private let limits: Limits
    var index = 0
    private var depth = 0

    init(bytes: UnsafeRawBufferPointer, limits: Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func parseDocument() throws(JOSEError) -> JSONValue {
        guard bytes.count <= limits.maximumBytes else { throw fail("document larger than \(limits.maximumBytes) bytes") }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw fail("trailing characters") }
        return value
    }

    func fail(_ reason: String) -> JOSEError {
        .invalidJSON(offset: index, reason: reason)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func expect(_ literal: StaticString, _ value: JSONValue) throws(JOSEError) -> JSONValue {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end") }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
            throw fail("invalid literal")
        }
        index += count
        return value
    }

    private mutating func parseValue() throws(JOSEError) -> JSONValue {
        guard let byte = current else { throw fail("unexpected end") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character")
        }
    }

    private mutating func enter() throws(JOSEError) {
        depth += 1
        guard depth <= limits.maximumDepth else { throw fail("nested deeper than \(limits.maximumDepth)") }
        index += 1
        skipWhitespace()
    }

    private mutating func parseObject() throws(JOSEError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        var members: [(String, JSONValue)] = []
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            guard current == UInt8(ascii: "\"") else { throw fail("expected member name") }
            let nameOffset = index
            let name = try parseString()
            if members.contains(where: { $0.0 == name }) {
                throw .invalidJSON(offset: nameOffset, reason: "duplicate member \"\(name)\"")
            }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            members.append((name, try parseValue()))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default:
                throw fail("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws(JOSEError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        var elements: [JSONValue] = []
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default:
                throw fail("expected ',' or ']'")
            }
        }
    }
}
