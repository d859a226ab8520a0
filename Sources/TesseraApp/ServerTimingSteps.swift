/// Reads the steps back out of a response's `Server-Timing` field (`local;dur=0.004, sign;dur=0.03`)
/// for the span's children: the response is the one place every path (inline or deferred) has
/// already written them to. Runs only for sampled requests.
enum ServerTimingSteps {
    static let fieldName = Array("server-timing:".utf8)

    /// (step name, nanoseconds) in the order the header lists them.
    static func parse(headers: [UInt8]) -> [(String, UInt64)] {
        guard let value = fieldValue(headers) else { return [] }
        var steps: [(String, UInt64)] = []
        for entry in value.split(separator: UInt8(ascii: ",")) {
            let parts = entry.split(separator: UInt8(ascii: ";"))
            guard let first = parts.first else { continue }
            let name = String(decoding: first.drop { $0 == UInt8(ascii: " ") }, as: UTF8.self)
            var nanos: UInt64 = 0
            for part in parts.dropFirst() {
                let text = String(decoding: part, as: UTF8.self)
                if text.hasPrefix("dur="), let millis = Double(text.dropFirst(4)) { nanos = UInt64(max(0, millis) * 1_000_000) }
            }
            if !name.isEmpty { steps.append((name, nanos)) }
        }
        return steps
    }

    private static func fieldValue(_ headers: [UInt8]) -> ArraySlice<UInt8>? {
        var lineStart = 0
        while lineStart < headers.count {
            var end = lineStart
            while end < headers.count && headers[end] != 0x0D { end += 1 }
            let line = headers[lineStart..<end]
            if line.count > fieldName.count,
               zip(line.prefix(fieldName.count), fieldName).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                return line.dropFirst(fieldName.count)
            }
            lineStart = end + 2
        }
        return nil
    }
}
