import TesseraCore

/// Character classes of RFC 9110/9112, as branch-light checks on single bytes.
@usableFromInline
enum ByteClass {
    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    @inline(__always) @usableFromInline
    static func isTokenChar(_ c: UInt8) -> Bool {
        // One load from a constant table: field names are scanned a byte at a time, and the
        // shift-and-mask test cost ten instructions a byte (callgrind), the table six.
        tokenTable.utf8Start[Int(c)] == UInt8(ascii: "1")
    }

    /// '1' at the index of each tchar byte: rows of 64 bytes, 0x00 to 0xFF.
    @inline(__always) @usableFromInline
    static var tokenTable: StaticString {
        """
        0000000000000000000000000000000001011111001101101111111111000000\
        0111111111111111111111111110001111111111111111111111111111101010\
        0000000000000000000000000000000000000000000000000000000000000000\
        0000000000000000000000000000000000000000000000000000000000000000
        """
    }

    /// field-vchar / SP / HTAB (obs-text included); everything else below 0x20 and DEL is a CTL.
    @inline(__always) @usableFromInline
    static func isFieldValueChar(_ c: UInt8) -> Bool {
        c >= 0x20 ? c != 0x7F : c == 0x09
    }

    /// Whether any of eight bytes may be a CTL (below 0x20, tab included) or DEL; no false
    /// negatives (bytes of 0x80 and above never count).
    @inline(__always) @usableFromInline
    static func mayHoldControl(_ word: UInt64) -> Bool {
        (ByteWord.below(word, 0x20) | ByteWord.equal(word, 0x7F)) != 0
    }

    /// A request-target byte: visible ASCII (no space, no CTL); obs-text is refused.
    @inline(__always) @usableFromInline
    static func isTargetChar(_ c: UInt8) -> Bool {
        c > 0x20 && c < 0x7F
    }

    @inline(__always) @usableFromInline
    static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(c &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(c &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(c &- UInt8(ascii: "A") &+ 10)
        default: nil
        }
    }

    /// ASCII case-insensitive comparison of `bytes[range]` with a lowercase literal.
    @inline(__always) @usableFromInline
    static func equalsLowercase(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let lit = literal.utf8Start
        var i = 0
        while i < range.count {
            var c = bytes[range.lowerBound + i]
            if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") { c |= 0x20 }
            if c != lit[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether the field name at `range` is `literal` (lowercase letters and '-' only) in any
    /// ASCII case, eight bytes at a time: OR-ing 0x20 folds A-Z onto a-z and leaves every other
    /// byte that could meet a literal byte as it is ('-' is 0x2D; the one other byte that ORs to
    /// it is CR, which no field name holds: names are tokens). For names only: a value's bytes
    /// are arbitrary, and `equalsLowercase` folds exactly A-Z.
    @inline(__always)
    static func equalsLowercaseName(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        let count = range.count
        guard count == literal.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        let name = base + range.lowerBound
        let expected = UnsafeRawPointer(literal.utf8Start)
        var i = 0
        while i + 8 <= count {
            let word = name.loadUnaligned(fromByteOffset: i, as: UInt64.self) | 0x2020_2020_2020_2020
            guard word == expected.loadUnaligned(fromByteOffset: i, as: UInt64.self) else { return false }
            i += 8
        }
        // The rest of a name of eight bytes or more as one word ending at its last byte (it
        // overlaps bytes already compared, which compare equal again).
        if i < count && count >= 8 {
            let word = name.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) | 0x2020_2020_2020_2020
            return word == expected.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        while i < count {
            guard name.load(fromByteOffset: i, as: UInt8.self) | 0x20 == expected.load(fromByteOffset: i, as: UInt8.self) else { return false }
            i += 1
        }
        return true
    }
}
