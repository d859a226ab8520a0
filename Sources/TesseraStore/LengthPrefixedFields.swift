/// Fields that no byte they hold can split: each is `<decimal byte count>:<bytes>`, an absent one
/// `-`, a list one field whose content is its items, each length-prefixed in turn. The Redis client
/// cache and the PostgreSQL client reads use it, so a scope holding U+001E (or any byte a
/// separator would be) comes back as the one value it was, for the rule 4 checks to refuse
/// (once, `read\x1eadmin` read back through Redis as two scopes, `read` and `admin`).
package enum LengthPrefixedFields {
    package static func append(_ field: some Collection<UInt8>, to out: inout [UInt8]) {
        out += String(field.count).utf8
        out.append(UInt8(ascii: ":"))
        out += field
    }

    package static func append(_ field: String, to out: inout [UInt8]) { append(field.utf8, to: &out) }

    package static func append(_ field: String?, to out: inout [UInt8]) {
        if let field { append(field.utf8, to: &out) } else { out.append(UInt8(ascii: "-")) }
    }

    /// A list as one field: its items length-prefixed inside.
    package static func append(list items: [String], to out: inout [UInt8]) {
        var inner: [UInt8] = []
        for item in items { append(item.utf8, to: &inner) }
        append(inner, to: &out)
    }

    /// Reads fields in order; every read is nil on malformed input (a wrong count, a missing `:`,
    /// text that is not valid UTF-8), never a guess.
    package struct Reader {
        private let bytes: ArraySlice<UInt8>
        private var index: Int

        package init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            index = bytes.startIndex
        }

        package var isAtEnd: Bool { index == bytes.endIndex }

        /// The next field's bytes; `.some(nil)` for an absent one (`-`), nil when malformed.
        package mutating func nextOptionalBytes() -> ArraySlice<UInt8>?? {
            guard index < bytes.endIndex else { return nil }
            if bytes[index] == UInt8(ascii: "-") {
                index += 1
                return .some(nil)
            }
            var count = 0
            var digits = 0
            while index < bytes.endIndex, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                count = count * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
                guard digits <= 9 else { return nil }
            }
            guard digits > 0, index < bytes.endIndex, bytes[index] == UInt8(ascii: ":"), bytes.endIndex - index - 1 >= count else {
                return nil
            }
            let start = index + 1
            index = start + count
            return .some(bytes[start..<index])
        }

        package mutating func nextBytes() -> ArraySlice<UInt8>? {
            guard case .some(.some(let field)) = nextOptionalBytes() else { return nil }
            return field
        }

        package mutating func nextString() -> String? {
            nextBytes().flatMap { String(validating: $0, as: UTF8.self) }
        }

        /// `.some(nil)` for an absent field, nil when malformed.
        package mutating func nextOptionalString() -> String?? {
            guard let field = nextOptionalBytes() else { return nil }
            guard let field else { return .some(nil) }
            guard let text = String(validating: field, as: UTF8.self) else { return nil }
            return .some(text)
        }

        package mutating func nextList() -> [String]? {
            guard let field = nextBytes() else { return nil }
            return Self.list(field)
        }

        /// The items of a list field.
        package static func list(_ field: ArraySlice<UInt8>) -> [String]? {
            var inner = Reader(field)
            var items: [String] = []
            while !inner.isAtEnd {
                guard let item = inner.nextString() else { return nil }
                items.append(item)
            }
            return items
        }
    }
}
