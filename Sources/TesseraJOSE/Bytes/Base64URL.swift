import CTessera

/// base64url without padding (RFC 4648 §5, RFC 7515 §2), strict in what it accepts.
/// The byte loops live in C (CTessera) so they run at C speed in every build configuration.
package enum Base64URL {
    /// Length of the unpadded encoding of `count` bytes.
    @inlinable
    package static func encodedLength(_ count: Int) -> Int {
        (count * 4 + 2) / 3
    }

    /// Appends the encoding of `bytes` to `out` (no padding).
    package static func encode(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let length = encodedLength(bytes.count)
        if length == 0 { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { buffer in
            let written = tessera_b64url_encode(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, buffer.baseAddress)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<written]))
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
        return decode(bytes, into: &out) ? out : nil
    }

    /// Convenience for strings.
    package static func decode(_ string: String) -> [UInt8]? {
        var copy = string
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the decoding of `bytes` to `out`; false (with `out` unchanged) on invalid input.
    package static func decode(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        decode(bytes, alphabetURL: true, into: &out)
    }

    /// Shared by `Base64`: strict unpadded decoding in either alphabet.
    static func decode(_ bytes: UnsafeRawBufferPointer, alphabetURL: Bool, into out: inout [UInt8]) -> Bool {
        if bytes.isEmpty { return true }
        let capacity = bytes.count * 3 / 4 + 1
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let length = tessera_b64_decode(
                bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, buffer.baseAddress, alphabetURL ? 1 : 0
            )
            guard length >= 0 else { return false }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<length]))
            return true
        }
    }
}
