import CZlib

/// The Token Status List's bit array and its `lst` encoding (draft-ietf-oauth-status-list §4):
/// statuses of `bits` bits each, packed from the least significant bit of byte 0 up (status `i`
/// lives in byte `i * bits / 8`), then DEFLATE in a zlib wrapper (RFC 1950, best compression),
/// then base64url without padding.
package enum StatusListEncoding {
    /// Packs one status per entry (each below `1 << bits`) into bytes; `bits` is 1, 2, 4 or 8.
    package static func pack(_ statuses: [UInt8], bits: Int) -> [UInt8] {
        precondition([1, 2, 4, 8].contains(bits), "a status list has 1, 2, 4 or 8 bits per status")
        let perByte = 8 / bits
        var bytes = [UInt8](repeating: 0, count: (statuses.count + perByte - 1) / perByte)
        let mask = UInt8(truncatingIfNeeded: (1 << bits) - 1)
        for (index, status) in statuses.enumerated() {
            bytes[index / perByte] |= (status & mask) << UInt8((index % perByte) * bits)
        }
        return bytes
    }

    /// zlib-compressed `bytes` (RFC 1950 wrapper around DEFLATE, level 9).
    package static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var capacity = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                compress2(target.baseAddress, &capacity, source.baseAddress, uLong(source.count), Z_BEST_COMPRESSION)
            }
        }
        // compressBound is enough by zlib's definition; only memory exhaustion fails here.
        precondition(status == Z_OK, "zlib compress2 failed (\(status))")
        out.removeSubrange(Int(capacity)...)
        return out
    }

    /// The `lst` member: base64url (no padding) of the zlib-compressed byte array.
    package static func lst(_ bytes: [UInt8]) -> String {
        Base64URL.encode(compress(bytes))
    }
}
