import CTessera

/// Base64 (RFC 4648 §4 and §5) for everything but the JWS segments (those are `Base64URL`, on the
/// signing path): PHC hash strings (standard alphabet, no padding), HTTP Basic credentials
/// (standard alphabet, padding optional), generated secrets (URL alphabet), and strictly padded
/// standard base64. Both front ends decode with the one C core in `CTessera`.
public enum Base64 {
    package enum Alphabet {
        case standard, url

        package var characters: [UInt8] {
            switch self {
            case .standard: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
            case .url: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
            }
        }
    }

    /// Encodes without padding.
    package static func encode(_ bytes: some Collection<UInt8>, alphabet: Alphabet) -> String {
        let chars = alphabet.characters
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(chars[Int((buffer >> UInt32(bits)) & 0x3F)])
            }
        }
        if bits > 0 { out.append(chars[Int((buffer << UInt32(6 - bits)) & 0x3F)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes with or without trailing `=` padding; nil for any character outside the alphabet,
    /// misplaced padding, an impossible length or non-zero trailing bits.
    package static func decode(_ input: UnsafeRawBufferPointer, alphabet: Alphabet) -> [UInt8]? {
        var failed = false
        let out = [UInt8](unsafeUninitializedCapacity: maxDecodedLength(input.count)) { buffer, count in
            guard let n = decode(input, alphabet: alphabet, into: UnsafeMutableRawBufferPointer(buffer)) else {
                failed = true
                count = 0
                return
            }
            count = n
        }
        return failed ? nil : out
    }

    /// Room `decode(_:alphabet:into:)` needs for `encodedCount` characters.
    @inlinable
    package static func maxDecodedLength(_ encodedCount: Int) -> Int { encodedCount * 3 / 4 + 3 }

    /// Decodes into caller-provided space (at least `maxDecodedLength(input.count)` bytes);
    /// returns the decoded length, or nil as `decode(_:alphabet:)` does.
    package static func decode(_ input: UnsafeRawBufferPointer, alphabet: Alphabet, into out: UnsafeMutableRawBufferPointer) -> Int? {
        var end = input.count
        var padding = 0
        while end > 0 && input[end - 1] == UInt8(ascii: "=") && padding < 2 {
            end -= 1
            padding += 1
        }
        if padding > 0 && input.count % 4 != 0 { return nil }
        if end % 4 == 1 { return nil }
        guard end > 0 else { return 0 }
        // The strict decoder shared with JOSE (CTessera) does the bytes; this wrapper adds the
        // optional padding that Basic credentials and PHC strings allow.
        let n = tessera_b64_decode(input.baseAddress!.assumingMemoryBound(to: UInt8.self), end,
                                   out.baseAddress!.assumingMemoryBound(to: UInt8.self), alphabet == .url ? 1 : 0)
        return n < 0 ? nil : n
    }

    package static func decode(_ string: String, alphabet: Alphabet) -> [UInt8]? {
        var copy = string
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0), alphabet: alphabet) }
    }

    /// Decodes padded standard base64 strictly (RFC 4648 §4): length a multiple of 4, `=` only as
    /// the last one or two characters, no whitespace, no non-zero unused bits. Nil on any violation.
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

    /// `decode(_:)` for strings.
    package static func decode(_ string: String) -> [UInt8]? {
        var copy = string
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }
}
