import TesseraCore
import TesseraOAuth

/// The `Server-Timing` header (`local;dur=0.004, sign;dur=0.03`, durations in milliseconds) of
/// the steps an endpoint recorded: an HTTP rendering, so it lives at the edge, not in OAuth.
extension StepTimings {
    /// The most bytes of a header value and its line end: per step `, `, the name, `;dur=` and a
    /// 20-digit duration with its fraction.
    static let lineBound = Step.allCases.count * 40 + 2

    /// Appends the header value, e.g. `local;dur=0.004, sign;dur=0.03`, and with `endingLine`
    /// the `\r\n` after it. Stored on the stack and appended in one copy (three appends a step
    /// and one a digit cost ~570 instructions a response, callgrind).
    package func writeHeaderValue(into out: inout [UInt8], endingLine: Bool = false) {
        withUnsafeTemporaryAllocation(byteCount: Self.lineBound, alignment: 8) { raw in
            let start = raw.baseAddress!
            var at = puttingHeaderValue(at: start)
            if endingLine { at = at.putting("\r\n") }
            out.append(storedFrom: start, to: at)
        }
    }

    private func puttingHeaderValue(at start: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        var at = start
        for index in 0..<count {
            let raw = Int((order >> UInt32(4 * index)) & 0xF)
            if index > 0 { at = at.putting(", ") }
            at = Self.puttingMilliseconds(durations[raw], at: at.putting(Step(rawValue: raw)!.literal).putting(";dur="))
        }
        return at
    }

    /// Milliseconds with microsecond resolution and no trailing zeros; a non-zero duration under half
    /// a microsecond shows as 0.001 rather than 0.
    private static func puttingMilliseconds(_ nanoseconds: UInt64, at start: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        var micros = (nanoseconds + 500) / 1000
        if micros == 0 && nanoseconds > 0 { micros = 1 }
        let at = start.puttingDecimal(Int(micros / 1000))
        let fraction = UInt16(truncatingIfNeeded: micros % 1000)
        guard fraction > 0 else { return at }
        // The point and three digits in one word, then as many kept as the trailing zeros allow.
        let digits = (UInt32(fraction / 100), UInt32(fraction / 10 % 10), UInt32(fraction % 10))
        let word = UInt32(UInt8(ascii: ".")) | (0x30 + digits.0) << 8 | (0x30 + digits.1) << 16 | (0x30 + digits.2) << 24
        at.storeBytes(of: word.littleEndian, as: UInt32.self)
        return at + (digits.2 != 0 ? 4 : digits.1 != 0 ? 3 : 2)
    }
}
