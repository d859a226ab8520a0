/// Standard base64 with padding (RFC 4648 §4), decode only: HTTP Basic credentials use it.
package enum Base64 {
    static let decodeTable: [UInt8] = Base64URL.makeDecodeTable(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    )

    /// Decodes padded base64 strictly: length a multiple of 4, `=` only as the last one or two
    /// characters, no whitespace, no non-zero unused bits. Nil on any violation.
    package static func decode(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        let n = bytes.count
        if n % 4 != 0 { return nil }
        if n == 0 { return [] }
        var padding = 0
        if bytes[n - 1] == UInt8(ascii: "=") { padding = bytes[n - 2] == UInt8(ascii: "=") ? 2 : 1 }
        let body = n - padding
        var out: [UInt8] = []
        out.reserveCapacity(n / 4 * 3)
        var i = 0
        while i < body {
            var quad: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
            var present = 0
            while present < 4 && i < body {
                let v = decodeTable[Int(bytes[i])]
                if v == 0xFF { return nil }
                switch present {
                case 0: quad.0 = v
                case 1: quad.1 = v
                case 2: quad.2 = v
                default: quad.3 = v
                }
                present += 1
                i += 1
            }
            out.append(quad.0 << 2 | quad.1 >> 4)
            if present == 2 {
                if quad.1 & 0x0F != 0 { return nil }
            } else if present == 3 {
                if quad.2 & 0x03 != 0 { return nil }
                out.append(quad.1 << 4 | quad.2 >> 2)
            } else {
                out.append(quad.1 << 4 | quad.2 >> 2)
                out.append(quad.2 << 6 | quad.3)
            }
        }
        return out
    }

    /// Convenience for strings.
    package static func decode(_ string: String) -> [UInt8]? {
        var copy = string
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }
}
