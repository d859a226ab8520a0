import TesseraCore

extension LogEscaping {
    /// The most bytes `puttingLogfmtValue` stores for a value of `count` bytes: every byte a
    /// `\u00XX` escape, and the quotes.
    @inline(__always)
    package static func logfmtBound(_ count: Int) -> Int { 6 * count + 2 }

    /// `logfmtValue(raw:to:)` into memory with room for `logfmtBound(value.count)` bytes: the
    /// same bytes, stored through a pointer instead of appended one by one to an array (the
    /// access line's method, path, request id and client id).
    package static func puttingLogfmtValue(_ value: UnsafeRawBufferPointer, at start: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        var bare = !value.isEmpty
        for byte in value where byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "\\") {
            bare = false
            break
        }
        if bare { return start.putting(value) }
        var at = start.putting(byte: UInt8(ascii: "\""))
        var index = 0
        let count = value.count
        while index < count {
            let byte = value[index]
            if byte >= 0x80 {
                let length = utf8Length(value, at: index)
                if length > 0 {
                    at = at.putting(UnsafeRawBufferPointer(rebasing: value[index..<(index + length)]))
                    index += length
                } else {
                    at = puttingHexEscape("\\x", byte, at: at)
                    index += 1
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): at = at.putting("\\\"")
            case UInt8(ascii: "\\"): at = at.putting("\\\\")
            case 0x0A: at = at.putting("\\n")
            case 0x0D: at = at.putting("\\r")
            case 0x09: at = at.putting("\\t")
            case 0..<0x20, 0x7F: at = puttingHexEscape("\\u00", byte, at: at)
            default: at = at.putting(byte: byte)
            }
            index += 1
        }
        return at.putting(byte: UInt8(ascii: "\""))
    }

    @inline(__always)
    private static func puttingHexEscape(_ prefix: StaticString, _ byte: UInt8, at: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        hex.withUTF8Buffer { digits in
            at.putting(prefix).putting(byte: digits[Int(byte >> 4)]).putting(byte: digits[Int(byte & 0xF)])
        }
    }
}
