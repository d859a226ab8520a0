/// base64url without padding (RFC 4648 §5, RFC 7515 §2), strict in what it accepts.
package enum Base64URL {
    @usableFromInline
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// 0...63 for alphabet bytes, 0xFF for every other byte.
    @usableFromInline
    static let decodeTable: [UInt8] = makeDecodeTable(alphabet)

    static func makeDecodeTable(_ alphabet: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }

    /// Length of the unpadded encoding of `count` bytes.
    @inlinable
    package static func encodedLength(_ count: Int) -> Int {
        (count / 3) * 4 + [0, 2, 3][count % 3]
    }

    /// Appends the encoding of `bytes` to `out` (no padding).
    package static func encode(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let start = out.count
        let length = encodedLength(bytes.count)
        if length == 0 { return }
        out.append(contentsOf: repeatElement(0, count: length))
        alphabet.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { buffer in
                var o = start
                var i = 0
                let n = bytes.count
                while i + 3 <= n {
                    let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                    buffer[o] = table[Int(v >> 18)]
                    buffer[o + 1] = table[Int((v >> 12) & 63)]
                    buffer[o + 2] = table[Int((v >> 6) & 63)]
                    buffer[o + 3] = table[Int(v & 63)]
                    i += 3
                    o += 4
                }
                if n - i == 1 {
                    let v = UInt32(bytes[i]) << 16
                    buffer[o] = table[Int(v >> 18)]
                    buffer[o + 1] = table[Int((v >> 12) & 63)]
                } else if n - i == 2 {
                    let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
                    buffer[o] = table[Int(v >> 18)]
                    buffer[o + 1] = table[Int((v >> 12) & 63)]
                    buffer[o + 2] = table[Int((v >> 6) & 63)]
                }
            }
        }
    }

    /// The encoding of `bytes` as a String.
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let array = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(encodedLength(array.count))
        array.withUnsafeBytes { encode($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes strictly: no padding, only the url-safe alphabet, no impossible length
    /// (`count % 4 == 1`) and no non-zero unused trailing bits. Nil on any violation.
    package static func decode(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        return decode(bytes, into: &out) ? out : nil
    }

    /// Convenience for strings.
    package static func decode(_ string: String) -> [UInt8]? {
        var copy = string
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the decoding of `bytes` to `out`; false (with `out` restored) on invalid input.
    package static func decode(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        let n = bytes.count
        let remainder = n % 4
        if remainder == 1 { return false }
        let start = out.count
        let length = (n / 4) * 3 + (remainder == 0 ? 0 : remainder - 1)
        if length == 0 { return n == 0 }
        out.append(contentsOf: repeatElement(0, count: length))
        let ok = decodeTable.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { buffer -> Bool in
                var bad: UInt8 = 0
                var i = 0
                var o = start
                while i + 4 <= n {
                    let a = table[Int(bytes[i])], b = table[Int(bytes[i + 1])]
                    let c = table[Int(bytes[i + 2])], d = table[Int(bytes[i + 3])]
                    bad |= a | b | c | d
                    let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    buffer[o] = UInt8(truncatingIfNeeded: v >> 16)
                    buffer[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    buffer[o + 2] = UInt8(truncatingIfNeeded: v)
                    i += 4
                    o += 3
                }
                if remainder == 2 {
                    let a = table[Int(bytes[i])], b = table[Int(bytes[i + 1])]
                    if (a | b) & 0xC0 != 0 || b & 0x0F != 0 { return false }
                    buffer[o] = a << 2 | b >> 4
                } else if remainder == 3 {
                    let a = table[Int(bytes[i])], b = table[Int(bytes[i + 1])], c = table[Int(bytes[i + 2])]
                    if (a | b | c) & 0xC0 != 0 || c & 0x03 != 0 { return false }
                    buffer[o] = a << 2 | b >> 4
                    buffer[o + 1] = b << 4 | c >> 2
                }
                return bad & 0xC0 == 0
            }
        }
        if !ok { out.removeSubrange(start...) }
        return ok
    }
}
