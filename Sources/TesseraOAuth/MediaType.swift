/// Content-Type checks on raw header bytes.
enum MediaType {
    private static let formURLEncoded: [UInt8] = Array("application/x-www-form-urlencoded".utf8)

    /// True for `application/x-www-form-urlencoded`, in any case, with optional whitespace and
    /// parameters (`; charset=UTF-8`).
    static func isFormURLEncoded(_ value: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        var end = value.count
        while start < end && (value[start] == UInt8(ascii: " ") || value[start] == UInt8(ascii: "\t")) { start += 1 }
        var index = start
        while index < end && value[index] != UInt8(ascii: ";") { index += 1 }
        end = index
        while end > start && (value[end - 1] == UInt8(ascii: " ") || value[end - 1] == UInt8(ascii: "\t")) { end -= 1 }
        guard end - start == formURLEncoded.count else { return false }
        for offset in 0..<formURLEncoded.count {
            var byte = value[start + offset]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != formURLEncoded[offset] { return false }
        }
        return true
    }
}
