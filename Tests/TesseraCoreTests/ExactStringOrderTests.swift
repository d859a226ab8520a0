import Testing
import TesseraCore

/// `bytesPrecede` is the order of the UTF-8 bytes (a shorter prefix first), whatever Unicode
/// says: the order exact-string sets are sorted and merged in.
struct ExactStringOrderTests {
    @Test(arguments: [
        ("read", "tessera.token", true), ("tessera.token", "read", false), ("read", "read", false),
        ("", "a", true), ("a", "", false), ("", "", false), ("ab", "abc", true), ("abc", "ab", false),
        ("Z", "a", true), ("\u{E9}", "e\u{301}", false), ("e\u{301}", "\u{E9}", true),
        ("\u{212A}", "K", false), ("\u{7F}", "\u{80}", true),
    ])
    func followsTheBytes(_ left: String, _ right: String, _ precedes: Bool) {
        #expect(left.bytesPrecede(right) == precedes)
        #expect(left.bytesPrecede(right) == Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8)))
    }

    /// Every string of up to two characters over an alphabet of look-alikes and combining marks.
    @Test func sortsLikeTheByteArrays() {
        let alphabet = ["a", "b", "\u{E9}", "e", "\u{301}", "\u{212A}", "K", "0", "~"]
        let values = [""] + alphabet + alphabet.flatMap { first in alphabet.map { first + $0 } }
        #expect(values.sorted { $0.bytesPrecede($1) }.map { Array($0.utf8) }
            == values.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
    }
}
