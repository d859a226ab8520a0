import TesseraCore

/// Escaping of log values. logfmt: a value is bare only when it is non-empty printable ASCII
/// without space, `=`, `"` or `\`; otherwise it is quoted with `\"`, `\\`, `\n`, `\r`, `\t`,
/// `\u00XX` for other control bytes and `\xNN` for bytes that are not UTF-8. JSON: RFC 8259
/// string escapes, U+FFFD for bytes that are not UTF-8.
package enum LogEscaping {
    static let hex: StaticString = "0123456789abcdef"

    package static func logfmtValue(_ value: some Collection<UInt8>, to out: inout [UInt8]) {
        withBytes(value) { logfmtValue(raw: $0, to: &out) }
    }

    package static func jsonString(_ value: some Collection<UInt8>, to out: inout [UInt8]) {
        withBytes(value) { jsonString(raw: $0, to: &out) }
    }

    /// The bytes of `value` as one buffer: its own storage when it has contiguous storage (arrays,
    /// slices, native strings' UTF-8, raw buffers), so the escaping loops run on concrete types.
    @inline(__always)
    static func withBytes(_ value: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) -> Void) {
        if value.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) != nil { return }
        if let raw = value as? UnsafeRawBufferPointer {
            body(raw)
            return
        }
        Array(value).withUnsafeBytes(body)
    }

    static func logfmtValue(raw value: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        if isBare(value) {
            out.append(contentsOf: value)
            return
        }
        out.append(UInt8(ascii: "\""))
        escape(value, to: &out, json: false)
        out.append(UInt8(ascii: "\""))
    }

    /// A key from a caller: only `[A-Za-z0-9_.-]` is kept, anything else becomes `_`.
    package static func logfmtKey(_ name: some Collection<UInt8>, to out: inout [UInt8]) {
        if name.isEmpty { out.append(UInt8(ascii: "_")) }
        for byte in name {
            let ok = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            out.append(ok ? byte : UInt8(ascii: "_"))
        }
    }

    static func jsonString(raw value: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        escape(value, to: &out, json: true)
        out.append(UInt8(ascii: "\""))
    }

    private static func escape(_ value: UnsafeRawBufferPointer, to out: inout [UInt8], json: Bool) {
        var index = value.startIndex
        while index != value.endIndex {
            let byte = value[index]
            if byte >= 0x80 {
                let length = utf8Length(value, at: index)
                if length > 0 {
                    let end = value.index(index, offsetBy: length)
                    out.append(contentsOf: value[index..<end])
                    index = end
                } else {
                    if json {
                        out.appendLiteral("\\ufffd")
                    } else {
                        out.appendLiteral("\\x")
                        appendHex(byte, to: &out)
                    }
                    index = value.index(after: index)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): out.appendLiteral("\\\"")
            case UInt8(ascii: "\\"): out.appendLiteral("\\\\")
            case 0x0A: out.appendLiteral("\\n")
            case 0x0D: out.appendLiteral("\\r")
            case 0x09: out.appendLiteral("\\t")
            case 0..<0x20, 0x7F:
                out.appendLiteral("\\u00")
                appendHex(byte, to: &out)
            default: out.append(byte)
            }
            index = value.index(after: index)
        }
    }

    static func appendHex(_ byte: UInt8, to out: inout [UInt8]) {
        hex.withUTF8Buffer { digits in
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
    }

    /// The length of the well-formed UTF-8 sequence (RFC 3629) starting at `index`, or 0.
    static func utf8Length(_ value: UnsafeRawBufferPointer, at index: Int) -> Int {
        let lead = value[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        var position = value.index(after: index)
        for n in 1..<length {
            guard position != value.endIndex else { return 0 }
            let byte = value[position]
            let (lo, hi): (UInt8, UInt8) = n == 1 ? (low, high) : (0x80, 0xBF)
            guard byte >= lo && byte <= hi else { return 0 }
            position = value.index(after: position)
        }
        return length
    }

    /// `value` in decimal, without going through String (DecimalDigits).
    package static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        DecimalDigits.append(value, to: &out)
    }
}
