/// Conversion between the two encodings of an ECDSA signature: the DER `ECDSA-Sig-Value`
/// (`SEQUENCE { r INTEGER, s INTEGER }`) OpenSSL produces and consumes, and the fixed-size
/// `r || s` JWS uses (RFC 7518 §3.4: each integer big-endian, left-padded to the curve size).
package enum ECDSASignature {
    /// `r || s` of `size` bytes each from a DER signature; nil when it is not well-formed DER or
    /// an integer does not fit.
    package static func raw(fromDER der: [UInt8], size: Int) -> [UInt8]? {
        var index = 0
        func length() -> Int? {
            guard index < der.count else { return nil }
            let first = der[index]
            index += 1
            if first < 0x80 { return Int(first) }
            // A P-256 or P-521 signature needs at most one length byte beyond the first.
            guard first == 0x81, index < der.count, der[index] >= 0x80 else { return nil }
            index += 1
            return Int(der[index - 1])
        }
        func integer() -> ArraySlice<UInt8>? {
            guard index < der.count, der[index] == 0x02 else { return nil }
            index += 1
            guard let count = length(), count > 0, index + count <= der.count else { return nil }
            var value = der[index..<(index + count)]
            index += count
            // Positive integers only; strip the sign byte DER adds before a high bit.
            guard value.first! & 0x80 == 0 else { return nil }
            if value.count > 1 && value.first == 0 {
                guard value[value.startIndex + 1] & 0x80 != 0 else { return nil }  // not minimal
                value = value.dropFirst()
            }
            guard value.count <= size else { return nil }
            return value
        }
        guard der.first == 0x30 else { return nil }
        index = 1
        guard let total = length(), index + total == der.count, let r = integer(), let s = integer(),
            index == der.count
        else { return nil }
        var out = [UInt8](repeating: 0, count: 2 * size)
        out.replaceSubrange((size - r.count)..<size, with: r)
        out.replaceSubrange((2 * size - s.count)..<(2 * size), with: s)
        return out
    }

    /// The DER encoding of `r || s` (`raw.count` even, each half one unsigned integer).
    package static func der(fromRaw raw: UnsafeRawBufferPointer) -> [UInt8] {
        let half = raw.count / 2
        let body = DER.unsignedInteger(Array(raw[0..<half])) + DER.unsignedInteger(Array(raw[half..<(2 * half)]))
        return [0x30] + DER.length(body.count) + body
    }
}
