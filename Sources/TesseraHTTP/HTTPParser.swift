import Glibc
import TesseraCore

/// A stateless, allocation-free parser of HTTP/1.x request heads in the spirit of picohttpparser:
/// it reads the bytes it is given, records offsets, and answers complete / incomplete / invalid.
/// Limits are enforced while scanning, so an endless head is refused as soon as it passes them.
package struct HTTPParser: Sendable {
    package var maxHeaderBytes: Int
    package var maxHeaderCount: Int

    package init(maxHeaderBytes: Int = 8192, maxHeaderCount: Int = 100) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
    }

    /// Parses the head at the start of `buffer`, appending field offsets to `fields` (cleared first).
    package func parseHead(_ buffer: UnsafeRawBufferPointer, fields: inout [HTTPHeaderField]) -> HTTPParseResult {
        fields.removeAll(keepingCapacity: true)
        let end = Swift.min(buffer.count, maxHeaderBytes)
        var cursor = Cursor(bytes: buffer, end: end)
        let outcome = parse(&cursor, fields: &fields)
        switch outcome {
        case .incomplete where buffer.count >= maxHeaderBytes:
            return .invalid(.headerTooLarge)
        default:
            return outcome
        }
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        let end: Int
        var index = 0
        var atEnd: Bool { index >= end }
        var current: UInt8 { bytes[index] }

        /// Advances over bytes of one class. The loop runs on locals so the index stays in a
        /// register (the struct-field version cost ~20 instructions per byte).
        @inline(__always)
        mutating func skip(while belongs: (UInt8) -> Bool) {
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            var i = index
            let end = self.end
            while i < end && belongs(base[i]) { i &+= 1 }
            index = i
        }

        /// Advances over request-target bytes, like `skip(while: ByteClass.isTargetChar)`, eight
        /// at a time while a word holds only visible ASCII.
        @inline(__always)
        mutating func skipTarget() {
            guard let base = bytes.baseAddress else { return }
            var i = index
            let end = self.end
            while i &+ 8 <= end && ByteWord.isVisibleASCII((base + i).loadUnaligned(as: UInt64.self)) { i &+= 8 }
            let p = base.assumingMemoryBound(to: UInt8.self)
            while i < end && ByteClass.isTargetChar(p[i]) { i &+= 1 }
            index = i
        }

        /// Advances over field-value bytes (VCHAR, obs-text, SP, HTAB) up to the first other byte,
        /// like `skip(while: ByteClass.isFieldValueChar)`, but finds the line end with memchr and
        /// checks eight bytes at a time: header values are the longest runs in a request.
        @inline(__always)
        mutating func skipFieldValue() {
            guard let base = bytes.baseAddress else { return }
            let start = index
            let limit = end
            let cr = memchr(base + start, 0x0D, limit - start)
            let stop = cr.map { base.distance(to: UnsafeRawPointer($0)) } ?? limit
            var i = start
            while i + 8 <= stop {
                let word = (base + i).loadUnaligned(as: UInt64.self)
                if ByteClass.mayHoldControl(word) { break }
                i &+= 8
            }
            // Fewer than eight bytes left after clean words: the last eight bytes of the run,
            // overlapping what was checked, in one word instead of a byte at a time.
            if i < stop && i &+ 8 > stop && stop &- start >= 8
                && !ByteClass.mayHoldControl((base + stop - 8).loadUnaligned(as: UInt64.self)) {
                i = stop
            }
            let p = base.assumingMemoryBound(to: UInt8.self)
            while i < stop && ByteClass.isFieldValueChar(p[i]) { i &+= 1 }
            // A run stopped early by a tab (or a CTL) in an 8-byte word continues byte by byte.
            index = i
        }
    }

    private func parse(_ c: inout Cursor, fields: inout [HTTPHeaderField]) -> HTTPParseResult {
        var head = HTTPRequestHead()
        // RFC 9112 §2.2: ignore empty lines before the request line (robustness after a body).
        while !c.atEnd && (c.current == 0x0D || c.current == 0x0A) {
            if c.current == 0x0D {
                guard c.index + 1 < c.end else { return .incomplete }
                guard c.bytes[c.index + 1] == 0x0A else { return .invalid(.badRequest("malformed request line")) }
                c.index += 2
            } else {
                return .invalid(.badRequest("bare LF in request line"))
            }
        }
        // method SP
        let methodStart = c.index
        c.skip(while: ByteClass.isTokenChar)
        if c.atEnd { return .incomplete }
        guard c.index > methodStart, c.current == 0x20 else { return .invalid(.badRequest("malformed request line")) }
        head.methodRange = methodStart..<c.index
        head.method = Self.method(c.bytes, head.methodRange)
        c.index += 1
        // request-target SP
        let targetStart = c.index
        c.skipTarget()
        if c.atEnd { return .incomplete }
        guard c.index > targetStart, c.current == 0x20 else { return .invalid(.badRequest("malformed request target")) }
        head.target = targetStart..<c.index
        c.index += 1
        // HTTP-version CRLF: "HTTP/" DIGIT "." DIGIT
        guard c.index + 10 <= c.end else {
            return Self.versionPrefixResult(c.bytes, from: c.index, upTo: c.end)
        }
        let v = c.index
        guard Self.isPrefix(c.bytes, from: v, upTo: v + 5, of: "HTTP/"),
              let major = Self.digit(c.bytes[v + 5]), c.bytes[v + 6] == UInt8(ascii: "."),
              let minor = Self.digit(c.bytes[v + 7]),
              c.bytes[v + 8] == 0x0D, c.bytes[v + 9] == 0x0A
        else { return .invalid(.badRequest("malformed HTTP version")) }
        guard major == 1 else { return .invalid(.versionNotSupported) }
        head.minorVersion = minor >= 1 ? 1 : 0
        head.keepAlive = head.minorVersion == 1
        c.index = v + 10
        return parseFields(&c, head: head, fields: &fields)
    }

    private func parseFields(_ c: inout Cursor, head: HTTPRequestHead, fields: inout [HTTPHeaderField]) -> HTTPParseResult {
        var head = head
        var framing = Framing()
        while true {
            if c.atEnd { return .incomplete }
            // The usual line, whole and well-formed, in one pass (`fieldLine`); anything else
            // (the blank line, a line cut short, a malformed one) byte by byte below, which also
            // words the error.
            if let line = Self.fieldLine(c.bytes, from: c.index, end: c.end) {
                guard fields.count < maxHeaderCount else { return .invalid(.headerTooLarge) }
                let field = HTTPHeaderField(name: line.name, value: line.value, known: line.known)
                c.index = line.next
                if field.known == .other {
                    fields.append(field)
                    continue
                }
                head.knownFields.note(field.known, at: fields.count)
                fields.append(field)
                if Framing.reads(field.known), let error = framing.note(field, in: c.bytes, head: &head) { return .invalid(error) }
                continue
            }
            if c.current == 0x0D {
                guard c.index + 1 < c.end else { return .incomplete }
                guard c.bytes[c.index + 1] == 0x0A else { return .invalid(.badRequest("malformed header line")) }
                c.index += 2
                break
            }
            if c.current == 0x20 || c.current == 0x09 {
                return .invalid(.badRequest("obsolete line folding is not accepted"))
            }
            let nameStart = c.index
            c.skip(while: ByteClass.isTokenChar)
            if c.atEnd { return .incomplete }
            guard c.index > nameStart, c.current == UInt8(ascii: ":") else {
                return .invalid(.badRequest("malformed header field name"))
            }
            let name = nameStart..<c.index
            c.index += 1
            c.skip(while: { $0 == 0x20 || $0 == 0x09 })
            let valueStart = c.index
            c.skipFieldValue()
            if c.atEnd { return .incomplete }
            guard c.current == 0x0D else { return .invalid(.badRequest("invalid character in header field")) }
            guard c.index + 1 < c.end else { return .incomplete }
            guard c.bytes[c.index + 1] == 0x0A else { return .invalid(.badRequest("malformed header line")) }
            var valueEnd = c.index
            while valueEnd > valueStart && (c.bytes[valueEnd - 1] == 0x20 || c.bytes[valueEnd - 1] == 0x09) { valueEnd -= 1 }
            c.index += 2
            guard fields.count < maxHeaderCount else { return .invalid(.headerTooLarge) }
            let field = HTTPHeaderField(name: name, value: valueStart..<valueEnd, known: HTTPFieldName.classify(c.bytes, name))
            head.knownFields.note(field.known, at: fields.count)
            fields.append(field)
            if let error = framing.note(field, in: c.bytes, head: &head) { return .invalid(error) }
        }
        head.length = c.index
        if let error = framing.finish(&head) { return .invalid(error) }
        return .complete(head)
    }

    private static func method(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> HTTPMethod {
        switch r.count {
        case 3 where isPrefix(b, from: r.lowerBound, upTo: r.upperBound, of: "GET"): .get
        case 3 where isPrefix(b, from: r.lowerBound, upTo: r.upperBound, of: "PUT"): .put
        case 4 where isPrefix(b, from: r.lowerBound, upTo: r.upperBound, of: "POST"): .post
        case 4 where isPrefix(b, from: r.lowerBound, upTo: r.upperBound, of: "HEAD"): .head
        case 5 where isPrefix(b, from: r.lowerBound, upTo: r.upperBound, of: "PATCH"): .patch
        case 6 where isPrefix(b, from: r.lowerBound, upTo: r.upperBound, of: "DELETE"): .delete
        case 7 where isPrefix(b, from: r.lowerBound, upTo: r.upperBound, of: "OPTIONS"): .options
        default: .other
        }
    }

    private static func digit(_ c: UInt8) -> Int? {
        c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") ? Int(c - UInt8(ascii: "0")) : nil
    }

    /// Whether `b[from..<upTo]` equals the start of `literal` (case-sensitive).
    private static func isPrefix(_ b: UnsafeRawBufferPointer, from: Int, upTo: Int, of literal: StaticString) -> Bool {
        let lit = literal.utf8Start
        var i = 0
        while from + i < upTo {
            guard i < literal.utf8CodeUnitCount, b[from + i] == lit[i] else { return false }
            i += 1
        }
        return true
    }

    /// A partial version: incomplete while it can still become a valid `HTTP/d.d\r\n`.
    private static func versionPrefixResult(_ b: UnsafeRawBufferPointer, from: Int, upTo: Int) -> HTTPParseResult {
        let shape: [UInt8?] = [0x48, 0x54, 0x54, 0x50, 0x2F, nil, 0x2E, nil, 0x0D, 0x0A]
        var i = 0
        while from + i < upTo {
            let c = b[from + i]
            if let expected = shape[i] {
                guard c == expected else { return .invalid(.badRequest("malformed HTTP version")) }
            } else if digit(c) == nil {
                return .invalid(.badRequest("malformed HTTP version"))
            }
            i += 1
        }
        return .incomplete
    }
}
