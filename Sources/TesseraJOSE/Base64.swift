/// Standard base64 with padding (RFC 4648 §4), decode only: HTTP Basic credentials use it.
package enum Base64 {
    /// Decodes padded base64 strictly: length a multiple of 4, `=` only as the last one or two
    /// characters, no whitespace, no non-zero unused bits. Nil on any violation.
    package static func decode(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        let n = bytes.count
        guard n % 4 == 0 else { return nil }
        var padding = 0
        if n > 0 && bytes[n - 1] == UInt8(ascii: "=") { padding = bytes[n - 2] == UInt8(ascii: "=") ? 2 : 1 }
        var out: [UInt8] = []
        out.reserveCapacity(n / 4 * 3)
        // Without its padding the body is an unpadded encoding whose length the padding fixes;
        // any `=` left inside the body is outside the alphabet and fails.
        let body = UnsafeRawBufferPointer(rebasing: bytes[0..<(n - padding)])
        guard Base64URL.decode(body, alphabetURL: false, into: &out) else { return nil }
        return out
    }

    /// Convenience for strings.
    package static func decode(_ string: String) -> [UInt8]? {
        var copy = string
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }
}
