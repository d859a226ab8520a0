import COpenSSL

/// Base64 for the OAuth module's own formats: PHC hash strings (standard alphabet, no padding),
/// HTTP Basic credentials (standard alphabet, padding optional) and generated secrets (URL alphabet).
/// JOSE has its own base64url for tokens; this one is not on the signing path.
enum Base64Codec {
    enum Alphabet {
        case standard, url

        var characters: [UInt8] {
            switch self {
            case .standard: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
            case .url: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
            }
        }
    }

    /// Encodes without padding.
    static func encode(_ bytes: some Collection<UInt8>, alphabet: Alphabet) -> String {
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
    static func decode(_ input: UnsafeRawBufferPointer, alphabet: Alphabet) -> [UInt8]? {
        var end = input.count
        var padding = 0
        while end > 0 && input[end - 1] == UInt8(ascii: "=") && padding < 2 {
            end -= 1
            padding += 1
        }
        if padding > 0 && input.count % 4 != 0 { return nil }
        if end % 4 == 1 { return nil }
        // The strict decoder shared with JOSE (shim.h) does the bytes; this wrapper adds the
        // optional padding that Basic credentials and PHC strings allow.
        guard end > 0 else { return [] }
        let base = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var failed = false
        let out = [UInt8](unsafeUninitializedCapacity: end * 3 / 4 + 3) { buffer, count in
            let n = tessera_b64_decode(base, end, buffer.baseAddress!, alphabet == .url ? 1 : 0)
            failed = n < 0
            count = failed ? 0 : n
        }
        return failed ? nil : out
    }

    static func decode(_ string: String, alphabet: Alphabet) -> [UInt8]? {
        var copy = string
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0), alphabet: alphabet) }
    }
}
