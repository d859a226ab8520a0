import Glibc

extension Array where Element == UInt8 {
    /// Appends a literal's bytes with one copy (`"...".utf8` goes through a generic,
    /// byte-at-a-time append that showed up at ~800 instructions per token response).
    @inline(__always)
    mutating func appendLiteral(_ literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

extension UnsafeRawBufferPointer {
    /// Byte equality with a literal (parameter names, media types).
    @inline(__always)
    func equals(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        guard count > 0 else { return true }
        return memcmp(baseAddress!, literal.utf8Start, count) == 0
    }
}
