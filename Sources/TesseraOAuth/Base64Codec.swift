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

    private static let standardTable = decodeTable(Alphabet.standard.characters)
    private static let urlTable = decodeTable(Alphabet.url.characters)

    private static func decodeTable(_ alphabet: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
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
        let table = alphabet == .standard ? standardTable : urlTable
        var out: [UInt8] = []
        out.reserveCapacity(end * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for index in 0..<end {
            let value = table[Int(input[index])]
            if value == 0xFF { return nil }
            buffer = (buffer << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        if bits > 0 && buffer & ((1 << UInt32(bits)) - 1) != 0 { return nil }
        return out
    }

    static func decode(_ string: String, alphabet: Alphabet) -> [UInt8]? {
        var copy = string
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0), alphabet: alphabet) }
    }
}
