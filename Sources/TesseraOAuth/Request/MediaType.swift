import Glibc

/// Content-Type checks on raw header bytes.
enum MediaType {
    private static let formURLEncoded: StaticString = "application/x-www-form-urlencoded"

    /// True for `application/x-www-form-urlencoded`, in any case, with optional whitespace and
    /// parameters (`; charset=UTF-8`).
    static func isFormURLEncoded(_ value: UnsafeRawBufferPointer) -> Bool {
        // The value nearly every client sends, exactly: one memcmp.
        if value.count == formURLEncoded.utf8CodeUnitCount, let base = value.baseAddress,
           memcmp(base, formURLEncoded.utf8Start, value.count) == 0 {
            return true
        }
        var start = 0
        var end = value.count
        while start < end && (value[start] == UInt8(ascii: " ") || value[start] == UInt8(ascii: "\t")) { start += 1 }
        // memchr for the parameters' `;`: a byte loop over the 33-byte type cost ~200
        // instructions per token request (callgrind).
        if start < end, let base = value.baseAddress, let semicolon = memchr(base + start, Int32(UInt8(ascii: ";")), end - start) {
            end = base.distance(to: UnsafeRawPointer(semicolon))
        }
        while end > start && (value[end - 1] == UInt8(ascii: " ") || value[end - 1] == UInt8(ascii: "\t")) { end -= 1 }
        let expected = formURLEncoded.utf8Start
        guard end - start == formURLEncoded.utf8CodeUnitCount else { return false }
        // Clients almost always send it in lower case: one memcmp.
        if memcmp(value.baseAddress! + start, expected, end - start) == 0 { return true }
        for offset in 0..<(end - start) {
            var byte = value[start + offset]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != expected[offset] { return false }
        }
        return true
    }
}
