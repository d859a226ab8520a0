import TesseraCore
/// W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent` a request came
/// with, or a new trace. Ids are raw bytes; `traceparent` parsing accepts only the exact form
/// (lowercase hex, non-zero ids, version not `ff`), anything else is ignored and replaced.
package struct TraceContext: Sendable, Equatable {
    /// 16 bytes.
    package var traceID: (UInt64, UInt64)
    /// The caller's span (our SERVER span's parent); nil when the trace starts here.
    package var parentSpanID: UInt64?
    package var sampled: Bool

    package static func == (a: TraceContext, b: TraceContext) -> Bool {
        a.traceID == b.traceID && a.parentSpanID == b.parentSpanID && a.sampled == b.sampled
    }

    package init(traceID: (UInt64, UInt64), parentSpanID: UInt64?, sampled: Bool) {
        self.traceID = traceID
        self.parentSpanID = parentSpanID
        self.sampled = sampled
    }

    /// `version-traceid-parentid-flags`, e.g. `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`.
    /// A future version may append fields after the flags (`-...`), which are ignored.
    package init?(traceparent value: some Collection<UInt8>) {
        let bytes = Array(value.prefix(256))
        guard bytes.count >= 55, value.count <= 256 else { return nil }
        guard let version = Self.hex(bytes, 0, 2), version != 0xFF else { return nil }
        if version == 0 && bytes.count != 55 { return nil }
        if bytes.count > 55 && bytes[55] != UInt8(ascii: "-") { return nil }
        guard bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"), bytes[52] == UInt8(ascii: "-"),
              let high = Self.hex(bytes, 3, 16), let low = Self.hex(bytes, 19, 16),
              let parent = Self.hex(bytes, 36, 16), let flags = Self.hex(bytes, 53, 2),
              high | low != 0, parent != 0
        else { return nil }
        self.init(traceID: (high, low), parentSpanID: parent, sampled: flags & 1 == 1)
    }

    /// Lowercase hex digits only, as the specification requires.
    static func hex(_ bytes: [UInt8], _ start: Int, _ count: Int) -> UInt64? {
        var value: UInt64 = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// The trace id as 32 lowercase hex digits.
    package func appendTraceID(to out: inout [UInt8]) {
        Self.appendHex(traceID.0, to: &out)
        Self.appendHex(traceID.1, to: &out)
    }

    /// 16 lowercase hex digits, appended at once: every response's generated `X-Request-Id` is
    /// one (a digit at a time cost ~500 instructions per request, callgrind).
    package static func appendHex(_ value: UInt64, to out: inout [UInt8]) {
        let digits = (UnsafeMutableRawPointer.hexDigits(UInt32(truncatingIfNeeded: value >> 32)).bigEndian,
                      UnsafeMutableRawPointer.hexDigits(UInt32(truncatingIfNeeded: value)).bigEndian)
        withUnsafeBytes(of: digits) { out.append(contentsOf: $0.bindMemory(to: UInt8.self)) }
    }
}
