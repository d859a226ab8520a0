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
        if isBare(value) { return start.putting(value) }
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

    /// Whether `value` is written as it is: not empty, and no byte that logfmt quotes (a space or
    /// control byte, DEL, non-ASCII, `=`, `"`, `\\`). Eight bytes at a time while eight are left,
    /// then the last eight again (overlapping), byte by byte only for values under eight bytes:
    /// the access line's method, path and client id took ~120 instructions each byte by byte.
    @inline(__always)
    static func isBare(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let base = value.baseAddress, !value.isEmpty else { return false }
        let count = value.count
        if count < 8 {
            for byte in value where !isBareByte(byte) { return false }
            return true
        }
        var index = 0
        while index &+ 8 <= count {
            if quotes((base + index).loadUnaligned(as: UInt64.self)) { return false }
            index &+= 8
        }
        return index == count || !quotes((base + (count &- 8)).loadUnaligned(as: UInt64.self))
    }

    @inline(__always)
    static func isBareByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// Whether any of the eight bytes of `word` is one `isBareByte` refuses.
    @inline(__always)
    static func quotes(_ word: UInt64) -> Bool {
        (ByteWord.below(word, 0x21) | ByteWord.above7E(word) | ByteWord.equal(word, UInt8(ascii: "="))
            | ByteWord.equal(word, UInt8(ascii: "\"")) | ByteWord.equal(word, UInt8(ascii: "\\"))) != 0
    }

    @inline(__always)
    private static func puttingHexEscape(_ prefix: StaticString, _ byte: UInt8, at: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        hex.withUTF8Buffer { digits in
            at.putting(prefix).putting(byte: digits[Int(byte >> 4)]).putting(byte: digits[Int(byte & 0xF)])
        }
    }
}
