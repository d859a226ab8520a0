import TesseraCore
import TesseraJOSE

/// The steps a request took and how long each lasted, for the `Server-Timing` header
/// (`local;dur=0.004, sign;dur=0.03`, durations in milliseconds). Fixed inline storage: recording and
/// rendering allocate nothing beyond the output buffer. A step taken twice (Redis asked for the
/// shared token, then offered one) adds up under one name, in the order first taken.
package struct ServerTiming: Sendable, Equatable {
    package enum Step: Int, Sendable, CaseIterable {
        case local, redis, postgres, hash, sign, verify

        package var name: String { "\(literal)" }

        /// The metric name as a literal, appended to the header without a String.
        var literal: StaticString {
            switch self {
            case .local: "local"
            case .redis: "redis"
            case .postgres: "postgres"
            case .hash: "hash"
            case .sign: "sign"
            case .verify: "verify"
            }
        }
    }

    private var durations = SIMD8<UInt64>(repeating: 0)
    /// Step raw values in the order first taken, four bits each.
    private var order: UInt32 = 0
    private var count: Int = 0

    package init() {}

    /// Monotonic nanoseconds for measuring a step (CLOCK_MONOTONIC through the vDSO).
    @inline(__always)
    package static func now() -> UInt64 { MonotonicClock.systemNanoseconds() }

    package mutating func add(_ step: Step, nanoseconds: UInt64) {
        if !contains(step) {
            order |= UInt32(step.rawValue) << UInt32(4 * count)
            count += 1
        }
        durations[step.rawValue] &+= nanoseconds
    }

    /// Records the time since `start` (a value of `ServerTiming.now()`).
    package mutating func add(_ step: Step, since start: UInt64) {
        add(step, nanoseconds: Self.now() &- start)
    }

    /// A request's timing as the edge begins it, with `local` first: the header names it first,
    /// whatever phase one does next. `endLocal` measures it, once.
    package static func beginningLocal() -> ServerTiming {
        // `local` is step 0: the order word stays 0, one step taken.
        var timing = ServerTiming()
        timing.count = 1
        return timing
    }

    /// Sets `local` to the time since `start` (phase one on the I/O thread) less the steps
    /// recorded meanwhile, which name their own time (a signature, a verification).
    package mutating func endLocal(since start: UInt64) {
        let elapsed = Self.now() &- start
        var others: UInt64 = 0
        for index in 0..<count {
            let raw = Int((order >> UInt32(4 * index)) & 0xF)
            if raw != Step.local.rawValue { others &+= durations[raw] }
        }
        durations[Step.local.rawValue] = elapsed > others ? elapsed - others : 0
    }

    package func contains(_ step: Step) -> Bool {
        for index in 0..<count where Int((order >> UInt32(4 * index)) & 0xF) == step.rawValue { return true }
        return false
    }

    package func nanoseconds(of step: Step) -> UInt64? {
        contains(step) ? durations[step.rawValue] : nil
    }

    /// The steps in the order first taken.
    package var steps: [Step] {
        (0..<count).map { Step(rawValue: Int((order >> UInt32(4 * $0)) & 0xF))! }
    }

    package var isEmpty: Bool { count == 0 }

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
    static func appendMilliseconds(_ nanoseconds: UInt64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { raw in
            let start = raw.baseAddress!
            out.append(storedFrom: start, to: puttingMilliseconds(nanoseconds, at: start))
        }
    }

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
