import COpenSSL

/// Base64 for the OAuth module's own formats: PHC hash strings (standard alphabet, no padding),
/// HTTP Basic credentials (standard alphabet, padding optional) and generated secrets (URL alphabet).
/// JOSE has its own base64url for tokens; this one is not on the signing path.
package enum Base64Codec {
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
        // The strict decoder shared with JOSE (shim.h) does the bytes; this wrapper adds the
        // optional padding that Basic credentials and PHC strings allow.
        let n = tessera_b64_decode(input.baseAddress!.assumingMemoryBound(to: UInt8.self), end,
                                   out.baseAddress!.assumingMemoryBound(to: UInt8.self), alphabet == .url ? 1 : 0)
        return n < 0 ? nil : n
    }

    package static func decode(_ string: String, alphabet: Alphabet) -> [UInt8]? {
        var copy = string
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0), alphabet: alphabet) }
    }
}
