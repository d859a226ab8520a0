import Glibc

extension HTTPParser {
    /// A header field line, when the one starting at `start` is whole (its CRLF lies before `end`)
    /// and well-formed: a token name, `:`, optional whitespace, field-value bytes, CRLF. Nil for
    /// anything else, which the byte-by-byte parser then reads (and refuses with its own words).
    /// Returns the ranges that parser makes (the value without surrounding whitespace) and the
    /// name's classification. Per request this costs about half the byte-by-byte scan (callgrind,
    /// docs/PERFORMANCE.md): memchr finds the line end and the colon, the value is checked eight
    /// bytes at a time, and a name `HTTPFieldName` recognises needs no check of its own.
    @inline(__always)
    static func fieldLine(_ bytes: UnsafeRawBufferPointer, from start: Int, end: Int)
        -> (name: Range<Int>, value: Range<Int>, known: HTTPFieldName, next: Int)? {
        guard let base = bytes.baseAddress, start < end,
              let crAt = memchr(base + start, 0x0D, end &- start)
        else { return nil }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let cr = base.distance(to: UnsafeRawPointer(crAt))
        guard cr > start, cr &+ 1 < end, p[cr &+ 1] == 0x0A,
              let colonAt = memchr(base + start, Int32(UInt8(ascii: ":")), cr &- start)
        else { return nil }
        let colon = base.distance(to: UnsafeRawPointer(colonAt))
        guard colon > start else { return nil }
        let name = start..<colon
        // A recognised name is all letters and `-` (`equalsLowercaseName` folds only bytes that
        // are letters, or CR onto `-`, and the line holds no CR before `cr`), so only another
        // name is checked byte by byte.
        let known = HTTPFieldName.classify(bytes, name)
        if known == .other {
            var i = start
            while i < colon {
                guard ByteClass.isTokenChar(p[i]) else { return nil }
                i &+= 1
            }
        }
        var i = colon &+ 1
        while i < cr && (p[i] == 0x20 || p[i] == 0x09) { i &+= 1 }
        let valueStart = i
        guard Self.isFieldValue(base, from: valueStart, to: cr) else { return nil }
        var valueEnd = cr
        while valueEnd > valueStart && (p[valueEnd &- 1] == 0x20 || p[valueEnd &- 1] == 0x09) { valueEnd &-= 1 }
        return (name, valueStart..<valueEnd, known, cr &+ 2)
    }

    /// Whether `base[from..<to]` are all field-value bytes (VCHAR, obs-text, SP, HTAB): words
    /// without a CTL or DEL at once, the last part as one overlapping word, and only a word that
    /// may hold one (a tab, say) byte by byte.
    @inline(__always)
    static func isFieldValue(_ base: UnsafeRawPointer, from: Int, to: Int) -> Bool {
        var i = from
        while i &+ 8 <= to && !ByteClass.mayHoldControl((base + i).loadUnaligned(as: UInt64.self)) { i &+= 8 }
        if i < to && i &+ 8 > to && to &- from >= 8
            && !ByteClass.mayHoldControl((base + (to &- 8)).loadUnaligned(as: UInt64.self)) {
            return true
        }
        let p = base.assumingMemoryBound(to: UInt8.self)
        while i < to {
            guard ByteClass.isFieldValueChar(p[i]) else { return false }
            i &+= 1
        }
        return true
    }
}
