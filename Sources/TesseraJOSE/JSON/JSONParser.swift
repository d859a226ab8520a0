/// A strict RFC 8259 parser for the small documents found in tokens: depth, size and member
/// limits, no trailing garbage, no duplicate object members (names compared as bytes, found in
/// linear time), valid UTF-8 only, no lone surrogates. Work is linear in the input.
package struct JSONParser {
    package struct Limits: Sendable {
        package var maximumBytes: Int
        package var maximumDepth: Int
        /// Members of one object and elements of one array.
        package var maximumMembers: Int

        package init(maximumBytes: Int = 8 * 1024, maximumDepth: Int = 32, maximumMembers: Int = 256) {
            self.maximumBytes = maximumBytes
            self.maximumDepth = maximumDepth
            self.maximumMembers = maximumMembers
        }

        /// A JOSE header: a handful of flat members (alg, typ, kid, ...).
        package static let header = Limits(maximumBytes: 2 * 1024, maximumDepth: 4, maximumMembers: 32)
        /// JWT claims: flat members, short lists (aud).
        package static let claims = Limits(maximumBytes: 8 * 1024, maximumDepth: 8, maximumMembers: 128)
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
        var names = MemberNames()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            guard current == UInt8(ascii: "\"") else { throw fail("expected member name") }
            guard members.count < limits.maximumMembers else { throw fail("more than \(limits.maximumMembers) members") }
            let nameOffset = index
            let name = try parseString()
            guard names.insert(name, among: members) else {
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
            guard elements.count < limits.maximumMembers else { throw fail("more than \(limits.maximumMembers) elements") }
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
