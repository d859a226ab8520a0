import FuzzDriver
import Glibc
import TesseraHTTP

/// Fuzzes the request-head parser and the chunked body decoder the way a connection uses them:
/// parse a head at the start of the input; when it is complete and chunked, scan the bytes after
/// it and decode a complete body in place. The whole input is also scanned as a chunked body, so
/// the decoder sees arbitrary bytes even when no head parses, and scanned again as it would
/// arrive in many reads (a resumed scan, `ChunkedBody.Progress`), which must give the same answer
/// in work linear in the input. A slow input is a finding: one that takes longer than
/// `maxNanosPerInput` traps.
enum FuzzHTTPParser {
    static let maxHeaderBytes = 8192
    static let maxBodyBytes = 16384
    // nonisolated(unsafe): the fuzz driver runs one input at a time on one thread.
    nonisolated(unsafe) static var fields: [HTTPHeaderField] = []
    /// Linear work on a few kilobytes takes microseconds; a rescan per read took seconds.
    // 1 s: an ASan build on a busy 2-core CI machine took 215 ms for 8 KB; a rescan per read took seconds.
    static let maxNanosPerInput: UInt64 = 1_000_000_000

    static func run(_ input: UnsafeRawBufferPointer) {
        let started = monotonicNanos()
        parseAndDecode(input)
        let elapsed = monotonicNanos() &- started
        FuzzDriver.check(elapsed <= maxNanosPerInput, "input of \(input.count) bytes took \(elapsed / 1_000_000) ms")
    }

    static func monotonicNanos() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
    }

    static func parseAndDecode(_ input: UnsafeRawBufferPointer) {
        let parser = HTTPParser(maxHeaderBytes: maxHeaderBytes, maxHeaderCount: 100)
        switch parser.parseHead(input, fields: &fields) {
        case .complete(let head):
            FuzzDriver.check(head.length > 0 && head.length <= input.count && head.length <= maxHeaderBytes, "head length \(head.length)")
            FuzzDriver.check(head.target.upperBound <= head.length && head.methodRange.upperBound <= head.length, "ranges")
            for field in fields {
                FuzzDriver.check(field.name.upperBound <= head.length && field.value.upperBound <= head.length, "field range")
                FuzzDriver.check(!field.name.isEmpty && field.value.lowerBound <= field.value.upperBound, "field shape")
            }
            FuzzDriver.check(!(head.chunked && head.contentLength != nil), "both framings")
            // Every proper prefix of a complete head is incomplete (it arrives split anywhere).
            var prefixFields: [HTTPHeaderField] = []
            for cut in [head.length - 1, head.length / 2] where cut >= 0 {
                let prefix = UnsafeRawBufferPointer(rebasing: input[..<cut])
                FuzzDriver.check(parser.parseHead(prefix, fields: &prefixFields) == .incomplete, "prefix of \(cut) bytes not incomplete")
            }
            if head.chunked {
                decodeChunked(UnsafeRawBufferPointer(rebasing: input[head.length...]))
                scanInReads(UnsafeRawBufferPointer(rebasing: input[head.length...]), step: 1)
            }
        case .incomplete:
            // Only a prefix shorter than the limit may be incomplete.
            FuzzDriver.check(input.count < maxHeaderBytes, "incomplete at \(input.count) bytes")
        case .invalid:
            break
        }
        decodeChunked(input)
        // The first byte picks how many bytes each simulated read brings (1 to 16).
        scanInReads(input, step: 1 + Int(input.first ?? 0) % 16)
    }

    /// Scans `encoded` as it would arrive `step` bytes per read, resuming each time: the answer
    /// must be the whole scan's, and no byte may be looked at more than a line's length of times
    /// per read (only an unfinished line is looked at again).
    static func scanInReads(_ encoded: UnsafeRawBufferPointer, step: Int) {
        let maxEncoded = maxBodyBytes * 4 + 1024
        let whole = ChunkedBody.scan(encoded, maxDecoded: maxBodyBytes, maxEncoded: maxEncoded)
        var progress = ChunkedBody.Progress()
        var length = 0
        var reads = 0
        var last = ChunkedBody.ScanResult.incomplete
        while length < encoded.count {
            length = min(encoded.count, length + step)
            reads += 1
            last = ChunkedBody.scan(UnsafeRawBufferPointer(rebasing: encoded[..<length]), maxDecoded: maxBodyBytes,
                                    maxEncoded: maxEncoded, progress: &progress)
            if last != .incomplete { break }
        }
        switch (last, whole) {
        case (.invalid, .invalid): break
        default: FuzzDriver.check(last == whole, "resumed scan \(last) != whole scan \(whole)")
        }
        FuzzDriver.check(progress.examined <= encoded.count + reads * (ChunkedBody.maxLineLength + 16),
                         "resumed scan examined \(progress.examined) bytes of \(encoded.count) in \(reads) reads")
    }

    static func decodeChunked(_ encoded: UnsafeRawBufferPointer) {
        let maxEncoded = maxBodyBytes * 4 + 1024
        switch ChunkedBody.scan(encoded, maxDecoded: maxBodyBytes, maxEncoded: maxEncoded) {
        case let .complete(encodedLength, decodedLength):
            FuzzDriver.check(encodedLength <= encoded.count && decodedLength <= maxBodyBytes, "lengths")
            FuzzDriver.check(decodedLength <= encodedLength, "decoded longer than encoded")
            // Decode a copy of exactly the encoded bytes: reading past them is an overflow ASan sees.
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: encodedLength, alignment: 1)
            defer { copy.deallocate() }
            copy.copyMemory(from: UnsafeRawBufferPointer(rebasing: encoded[..<encodedLength]))
            let decoded = ChunkedBody.decodeInPlace(copy)
            FuzzDriver.check(decoded == decodedLength, "decodeInPlace \(decoded) != scan \(decodedLength)")
            // A body cut short anywhere is incomplete, never complete or invalid.
            let cut = UnsafeRawBufferPointer(rebasing: encoded[..<(encodedLength - 1)])
            FuzzDriver.check(ChunkedBody.scan(cut, maxDecoded: maxBodyBytes, maxEncoded: maxEncoded) == .incomplete,
                             "a chunked body cut one byte short is not incomplete")
        case .incomplete:
            FuzzDriver.check(encoded.count <= maxEncoded + ChunkedBody.maxLineLength + 16, "incomplete past the limit")
        case .invalid:
            break
        }
    }
}

@main
enum Main {
    static func main() { FuzzDriver.main(FuzzHTTPParser.run) }
}
