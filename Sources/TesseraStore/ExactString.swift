/// A String compared, ordered and hashed by its UTF-8 bytes, never by Unicode canonical
/// equivalence: `"\u{212A}ms-svc"` (KELVIN SIGN) and `"Kms-svc"` are two different keys, as they are
/// to Redis and PostgreSQL. Used for every client id, scope and audience that keys a cache, a
/// limit or a single-flight. Wrapping costs nothing: ids up to 15 bytes stay inline in the String.
package struct ExactString: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let value: String

    @inline(__always)
    package init(_ value: String) {
        self.value = value
    }

    @inline(__always)
    package static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.value.utf8.elementsEqual(rhs.value.utf8)
    }

    @inline(__always)
    package static func < (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
    }

    package func hash(into hasher: inout Hasher) {
        let hashed: Void? = value.utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if hashed == nil {
            for byte in value.utf8 { hasher.combine(byte) }
        }
        hasher.combine(value.utf8.count)
    }

    package var description: String { value }
}

extension String {
    /// Byte equality (no canonical equivalence).
    @inline(__always)
    package func bytesEqual(_ other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }
}

extension Array where Element == String {
    /// Sorted by UTF-8 bytes, without byte-identical repeats: a set of exact strings.
    package func exactSet() -> [String] {
        let sorted = self.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var unique: [String] = []
        unique.reserveCapacity(sorted.count)
        for item in sorted where !(unique.last.map { $0.bytesEqual(item) } ?? false) { unique.append(item) }
        return unique
    }
}
