import Glibc

/// A String compared, ordered and hashed by its UTF-8 bytes, never by Unicode canonical
/// equivalence: `"\u{212A}ms-svc"` (KELVIN SIGN) and `"Kms-svc"` are two different keys, as they are
/// to Redis and PostgreSQL. Used for every client id, scope and audience that keys a cache, a
/// limit or a single-flight. Wrapping costs nothing: ids up to 15 bytes stay inline in the String.
/// Public (its members inlinable) because this toolchain does not inline members of `package` types
/// into other modules, and OAuth compares and hashes one on every request.
public struct ExactString: Hashable, Comparable, Sendable, CustomStringConvertible {
    @usableFromInline package let value: String

    @inlinable
    package init(_ value: String) {
        self.value = value
    }

    /// The same 16 bytes (two equal short strings, or one heap string twice) answer without a call.
    @inlinable
    public static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        String.sameRepresentation(lhs.value, rhs.value) || lhs.value.bytesEqual(rhs.value)
    }

    @inlinable
    public static func < (lhs: ExactString, rhs: ExactString) -> Bool {
        lhs.value.bytesPrecede(rhs.value)
    }

    /// The bytes folded into one word, then one `combine` (the seeded Hasher still mixes it): a
    /// `combine(bytes:)` per key cost more than the rest of the lookup.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(Self.fold(value, into: 0))
    }

    /// Folds the UTF-8 bytes of `text` into `word`, eight bytes at a time (the length included, so
    /// "a" + "bc" and "ab" + "c" differ when several are folded in turn).
    @inlinable
    package static func fold(_ text: String, into word: UInt64) -> UInt64 {
        let folded: UInt64? = text.utf8.withContiguousStorageIfAvailable { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var word = (word ^ UInt64(raw.count)) &* 0x9E37_79B9_7F4A_7C15
            var index = 0
            while index + 8 <= raw.count {
                word = (word ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                word ^= word >> 29
                index += 8
            }
            if index < raw.count {
                let tail = loadTail(raw, from: index)
                word = (word ^ tail) &* 0x9E37_79B9_7F4A_7C15
                word ^= word >> 29
            }
            return word
        }
        if let folded { return folded }
        var word = (word ^ UInt64(text.utf8.count)) &* 0x9E37_79B9_7F4A_7C15
        for byte in text.utf8 { word = (word ^ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15 }
        return word
    }

    /// The 1 to 7 bytes of `raw` from `index` on as the low bytes of a little-endian word (the
    /// rest zero), by loads that stay inside `raw` instead of a copy through memory.
    @inlinable @inline(__always)
    static func loadTail(_ raw: UnsafeRawBufferPointer, from index: Int) -> UInt64 {
        let count = raw.count - index
        if raw.count >= 8 {  // the last eight bytes, shifted down past the ones already folded
            return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self)) >> (8 * (8 - count))
        }
        if count >= 4 {  // two overlapping four-byte loads
            let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 4, as: UInt32.self)))
            return low | high << (8 * (count - 4))
        }
        return UInt64(raw[index]) | UInt64(raw[index + count / 2]) << (8 * (count / 2)) | UInt64(raw[index + count - 1]) << (8 * (count - 1))
    }

    public var description: String { value }
}

extension String {
    /// Byte equality (no canonical equivalence): lengths first, then one memcmp over the
    /// contiguous UTF-8 (a generic `elementsEqual` cost ~1,000 instructions per key on the warm
    /// path).
    @inlinable
    package func bytesEqual(_ other: String) -> Bool {
        if Self.sameRepresentation(self, other) { return true }
        let left = utf8
        let right = other.utf8
        let count = left.count
        guard count == right.count else { return false }
        guard count > 0 else { return true }
        let compared: Bool?? = left.withContiguousStorageIfAvailable { l in
            right.withContiguousStorageIfAvailable { r in memcmp(l.baseAddress!, r.baseAddress!, count) == 0 }
        }
        if let compared, let compared { return compared }
        return left.elementsEqual(right)
    }

    /// Byte order (the order of `memcmp`, a shorter prefix first): one memcmp over the contiguous
    /// UTF-8. The generic `utf8.lexicographicallyPrecedes` cost ~520 instructions per compare of
    /// two short scopes (callgrind), twice per warm token request that names a scope.
    @inlinable
    package func bytesPrecede(_ other: String) -> Bool {
        if Self.sameRepresentation(self, other) { return false }
        let left = utf8
        let right = other.utf8
        let (leftCount, rightCount) = (left.count, right.count)
        let compared: Int32?? = left.withContiguousStorageIfAvailable { l in
            right.withContiguousStorageIfAvailable { r in
                let shorter = Swift.min(leftCount, rightCount)
                return shorter == 0 ? 0 : memcmp(l.baseAddress!, r.baseAddress!, shorter)
            }
        }
        if let compared, let order = compared {
            return order < 0 || (order == 0 && leftCount < rightCount)
        }
        return left.lexicographicallyPrecedes(right)
    }
}

extension String {
    /// Whether two strings are the same 16 bytes: then they hold the same UTF-8. Two small
    /// strings (up to 15 bytes, kept inline with their count) with equal bytes always are, and
    /// so are two copies of one heap string. The scopes, ids and audiences compared on the warm
    /// path are short: they take this test instead of the copies to the stack and the memcmp
    /// (~70 instructions a compare, six compares per warm token request, callgrind).
    @inlinable @inline(__always)
    package static func sameRepresentation(_ left: String, _ right: String) -> Bool {
        unsafeBitCast(left, to: (UInt64, UInt64).self) == unsafeBitCast(right, to: (UInt64, UInt64).self)
    }
}

extension Array where Element == String {
    /// Sorted by UTF-8 bytes, without byte-identical repeats: a set of exact strings.
    package func exactSet() -> [String] {
        let sorted = self.sorted { $0.bytesPrecede($1) }
        var unique: [String] = []
        unique.reserveCapacity(sorted.count)
        for item in sorted where !(unique.last.map { $0.bytesEqual(item) } ?? false) { unique.append(item) }
        return unique
    }
}
