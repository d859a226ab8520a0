import TesseraCore

/// Appends JSON text to byte buffers: fixed-order serialisation without Foundation.
public enum JSONWriter {
    @usableFromInline static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` verbatim (it must already be valid JSON text).
    @inlinable
    package static func appendRaw(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends `value` as a quoted JSON string (RFC 8259 §7): `"` and `\` escaped, control
    /// characters as `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`; other UTF-8 is copied as is.
    package static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(value, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the inside of `value`'s JSON string, escaped as `appendString` does, without the
    /// quotes (for writers that put the quotes into their literals). Most strings the server writes
    /// (scopes, ids, error descriptions) need no escaping and are copied whole.
    @inlinable
    package static func appendEscaped(_ value: String, to out: inout [UInt8]) {
        let plain = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain != true { appendEscapedRuns(value, to: &out) }
    }

    /// The escaping path of `appendEscaped`: runs without a special byte are copied whole.
    @usableFromInline
    static func appendEscapedRuns(_ value: String, to out: inout [UInt8]) {
        var copy = value
        copy.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                runStart = i + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }

    /// Appends a decimal integer without going through String.
    @inlinable
    package static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendUnsigned(value.magnitude, to: &out)
    }

    /// `value` in decimal, without going through String (DecimalDigits).
    @inlinable
    package static func appendUnsigned(_ value: UInt64, to out: inout [UInt8]) {
        DecimalDigits.append(value, to: &out)
    }
}
