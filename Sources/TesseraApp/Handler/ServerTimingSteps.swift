import TesseraTelemetry

/// Reads the steps back out of a response's `Server-Timing` field (`local;dur=0.004, sign;dur=0.03`)
/// for the span's children, without building strings. Runs only for sampled requests.
enum ServerTimingSteps {
    static let fieldName: StaticString = "server-timing:"

    static func read(headers: [UInt8], into span: inout RequestSpan) {
        headers.withUnsafeBytes { raw in
            guard let value = fieldValue(raw) else { return }
            var position = 0
            while position < value.count {
                var end = position
                while end < value.count && value[end] != UInt8(ascii: ",") { end += 1 }
                entry(UnsafeRawBufferPointer(rebasing: value[position..<end]), into: &span)
                position = end + 1
            }
        }
    }

    /// One `name;dur=1.234` entry (leading spaces allowed).
    private static func entry(_ entry: UnsafeRawBufferPointer, into span: inout RequestSpan) {
        var start = 0
        while start < entry.count && entry[start] == UInt8(ascii: " ") { start += 1 }
        var semicolon = start
        while semicolon < entry.count && entry[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
        guard let index = RequestSpan.stepIndex(UnsafeRawBufferPointer(rebasing: entry[start..<semicolon])) else { return }
        var nanos: UInt64 = 0
        let prefix: StaticString = ";dur="
        let length = prefix.utf8CodeUnitCount
        if semicolon + length <= entry.count,
           UnsafeRawBufferPointer(rebasing: entry[semicolon..<(semicolon + length)])
               .elementsEqual(UnsafeRawBufferPointer(start: prefix.utf8Start, count: length)) {
            nanos = milliseconds(UnsafeRawBufferPointer(rebasing: entry[(semicolon + length)...]))
        }
        span.addStep(index, nanoseconds: nanos)
    }

    /// `12.345` (milliseconds, up to 6 decimals) as nanoseconds.
    static func milliseconds(_ text: UnsafeRawBufferPointer) -> UInt64 {
        var whole: UInt64 = 0
        var fraction: UInt64 = 0
        var scale: UInt64 = 1_000_000
        var afterPoint = false
        for byte in text {
            if byte == UInt8(ascii: ".") { afterPoint = true; continue }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { break }
            let digit = UInt64(byte - UInt8(ascii: "0"))
            if afterPoint {
                guard scale > 1 else { continue }
                scale /= 10
                fraction += digit * scale
            } else {
                whole = whole &* 10 &+ digit
            }
        }
        return whole &* 1_000_000 &+ fraction
    }

    private static func fieldValue(_ headers: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        let name = UnsafeRawBufferPointer(start: fieldName.utf8Start, count: fieldName.utf8CodeUnitCount)
        var lineStart = 0
        while lineStart < headers.count {
            var end = lineStart
            while end < headers.count && headers[end] != 0x0D { end += 1 }
            if end - lineStart > name.count,
               zip(headers[lineStart..<(lineStart + name.count)], name).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                return UnsafeRawBufferPointer(rebasing: headers[(lineStart + name.count)..<end])
            }
            lineStart = end + 2
        }
        return nil
    }
}
