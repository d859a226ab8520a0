import Glibc

/// Decoding of a chunked request body (RFC 9112 §7.1) that sits in a connection's read buffer.
///
/// `scan` says whether the whole body is there (with its encoded and decoded sizes). It resumes
/// where the previous call on the same body stopped (`Progress`: the first chunk or trailer line
/// not yet validated), so a body arriving in many reads is scanned once, not once per read; only
/// an incomplete line (at most `maxLineLength` bytes) is looked at again. A body split at any
/// point decodes like the whole. `decodeInPlace` then moves the chunk data together at the start.
package enum ChunkedBody {
    package enum ScanResult: Equatable, Sendable {
        /// `encodedLength` bytes make up the body including its trailer section.
        case complete(encodedLength: Int, decodedLength: Int)
        case incomplete
        case invalid(HTTPError)
    }

    /// How far `scan` got on one body: everything before `offset` is validated chunks (or
    /// trailer lines once `inTrailer`). Reset it for every new request.
    package struct Progress: Equatable, Sendable {
        package var offset = 0
        package var decoded = 0
        package var inTrailer = false
        /// The bytes every call so far looked at (for tests of the linear bound).
        package var examined = 0

        package init() {}
    }

    /// The longest chunk-size line (with extensions) or trailer line accepted.
    package static let maxLineLength = 1024

    /// Scans a body from its start (a fresh `Progress`).
    package static func scan(_ b: UnsafeRawBufferPointer, maxDecoded: Int, maxEncoded: Int) -> ScanResult {
        var progress = Progress()
        return scan(b, maxDecoded: maxDecoded, maxEncoded: maxEncoded, progress: &progress)
    }

    /// Scans the bytes of one body that arrived since the `progress` of the previous call; `b`
    /// holds the body from its first byte (the earlier bytes unchanged).
    package static func scan(_ b: UnsafeRawBufferPointer, maxDecoded: Int, maxEncoded: Int,
                             progress: inout Progress) -> ScanResult {
        let begin = progress.offset
        var i = begin
        var reached = begin
        defer { progress.examined += Swift.max(reached, i) - begin }
        var decoded = progress.decoded
        while !progress.inTrailer {
            // chunk-size [ chunk-ext ] CRLF
            var size = 0
            var digits = 0
            while i < b.count, let v = ByteClass.hexValue(b[i]) {
                size = size << 4 | v
                digits += 1
                i += 1
                if digits > 8 { return .invalid(.bodyTooLarge) }
            }
            if i >= b.count { return i > maxEncoded ? .invalid(.bodyTooLarge) : .incomplete }
            guard digits > 0 else { return .invalid(.badRequest("malformed chunk size")) }
            switch skipLine(b, from: i, allowExtension: true) {
            case .incomplete:
                reached = b.count
                return i > maxEncoded ? .invalid(.bodyTooLarge) : .incomplete
            case .invalid: return .invalid(.badRequest("malformed chunk line"))
            case .next(let next): i = next
            }
            if i > maxEncoded { return .invalid(.bodyTooLarge) }
            if size == 0 {
                progress.inTrailer = true
                progress.offset = i
                progress.decoded = decoded
                break
            }
            decoded += size
            guard decoded <= maxDecoded else { return .invalid(.bodyTooLarge) }
            // chunk-data CRLF
            guard i + size + 2 <= b.count else {
                return i + size + 2 > maxEncoded ? .invalid(.bodyTooLarge) : .incomplete
            }
            i += size
            guard b[i] == 0x0D, b[i + 1] == 0x0A else { return .invalid(.badRequest("chunk data not followed by CRLF")) }
            i += 2
            if i > maxEncoded { return .invalid(.bodyTooLarge) }
            progress.offset = i
            progress.decoded = decoded
        }
        // trailer-section CRLF
        while true {
            guard i + 1 < b.count else {
                reached = b.count
                return i > maxEncoded ? .invalid(.bodyTooLarge) : .incomplete
            }
            if b[i] == 0x0D && b[i + 1] == 0x0A { return .complete(encodedLength: i + 2, decodedLength: decoded) }
            switch skipLine(b, from: i, allowExtension: false) {
            case .incomplete:
                reached = b.count
                return i > maxEncoded ? .invalid(.bodyTooLarge) : .incomplete
            case .invalid: return .invalid(.badRequest("malformed trailer field"))
            case .next(let next): i = next
            }
            if i > maxEncoded { return .invalid(.bodyTooLarge) }
            progress.offset = i
        }
    }

    /// Moves the data of a complete chunked body (as `scan` validated it) to the start of `b`.
    /// Returns the decoded length.
    package static func decodeInPlace(_ b: UnsafeMutableRawBufferPointer) -> Int {
        var read = 0
        var written = 0
        while true {
            var size = 0
            while let v = ByteClass.hexValue(b[read]) { size = size << 4 | v; read += 1 }
            while b[read] != 0x0A { read += 1 }
            read += 1
            if size == 0 { return written }
            if read != written {
                memmove(b.baseAddress! + written, b.baseAddress! + read, size)
            }
            written += size
            read += size + 2
        }
    }

    private enum LineResult { case next(Int), incomplete, invalid }

    /// Skips the rest of a line up to and including CRLF; the bytes must be field characters.
    private static func skipLine(_ b: UnsafeRawBufferPointer, from: Int, allowExtension: Bool) -> LineResult {
        var i = from
        if allowExtension && i < b.count && b[i] != UInt8(ascii: ";") && b[i] != 0x0D
            && b[i] != 0x20 && b[i] != 0x09 {
            return .invalid
        }
        while i < b.count {
            let c = b[i]
            if c == 0x0D {
                guard i + 1 < b.count else { return .incomplete }
                return b[i + 1] == 0x0A ? .next(i + 2) : .invalid
            }
            guard ByteClass.isFieldValueChar(c), i - from < maxLineLength else { return .invalid }
            i += 1
        }
        return i - from >= maxLineLength ? .invalid : .incomplete
    }
}
