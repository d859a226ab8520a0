import Testing
import TesseraCore

/// `ExactString.fold` reads a string's last partial word with loads inside its bytes: the word
/// must be the one the bytes spell (little-endian, zero above), as a byte-by-byte build gives,
/// for every length around a word, short (inline) and heap strings alike.
struct ExactStringFoldTests {
    /// The fold as its comment defines it, the tail built one byte at a time.
    private func reference(_ bytes: [UInt8], into start: UInt64) -> UInt64 {
        var word = (start ^ UInt64(bytes.count)) &* 0x9E37_79B9_7F4A_7C15
        var index = 0
        while index < bytes.count {
            var chunk: UInt64 = 0
            for (shift, byte) in bytes[index..<min(index + 8, bytes.count)].enumerated() { chunk |= UInt64(byte) << (8 * shift) }
            word = (word ^ chunk) &* 0x9E37_79B9_7F4A_7C15
            word ^= word >> 29
            index += 8
        }
        return word
    }

    @Test func foldsEveryLengthAsItsBytesSpell() {
        for length in 0...40 {
            let text = String((0..<length).map { Character(Unicode.Scalar(UInt8(0x41 + ($0 * 7) % 26))) })
            var heap = String()
            heap.reserveCapacity(64)
            heap += text
            let expected = reference(Array(text.utf8), into: 0x1234)
            #expect(ExactString.fold(text, into: 0x1234) == expected, "\(length)")
            #expect(ExactString.fold(heap, into: 0x1234) == expected, "\(length) on the heap")
        }
    }
}
