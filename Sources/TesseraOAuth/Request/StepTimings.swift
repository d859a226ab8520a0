import TesseraCore
import TesseraJOSE

/// The steps a request took and how long each lasted: what the endpoints record, in either
/// phase, and the edge reads (the `Server-Timing` header, rendered in TesseraApp; the spans of a
/// traced request). Fixed inline storage: recording allocates nothing. A step taken twice (Redis
/// asked for the shared token, then offered one) adds up under one name, in the order first
/// taken.
package struct StepTimings: Sendable, Equatable {
    package enum Step: Int, Sendable, CaseIterable {
        case local, redis, postgres, hash, sign, verify

        package var name: String { "\(literal)" }

        /// The metric name as a literal, appended to the header without a String.
        package var literal: StaticString {
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

    /// Each step's nanoseconds, by raw value (stored properties, read in place by the header writer).
    package private(set) var durations = Durations()
    /// Step raw values in the order first taken, four bits each.
    package private(set) var order: UInt32 = 0
    package private(set) var count: Int = 0

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

    /// Records the time since `start` (a value of `StepTimings.now()`).
    package mutating func add(_ step: Step, since start: UInt64) {
        add(step, nanoseconds: Self.now() &- start)
    }

    /// A request's timing as the edge begins it, with `local` first: the header names it first,
    /// whatever phase one does next. `endLocal` measures it, once.
    package static func beginningLocal() -> StepTimings {
        // `local` is step 0: the order word stays 0, one step taken.
        var timing = StepTimings()
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

    /// One word per step, by raw value. Plain stored words, not a `SIMD8`: a vector field made
    /// every record holding a timing (the request's telemetry record, each endpoint outcome)
    /// copied and destroyed through runtime value witnesses (callgrind: ~300 instructions a
    /// warm request).
    package struct Durations: Sendable, Equatable {
        private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)

        package subscript(raw: Int) -> UInt64 {
            get {
                precondition(raw >= 0 && raw < 6)
                return withUnsafeBytes(of: words) { $0.load(fromByteOffset: raw &* 8, as: UInt64.self) }
            }
            set {
                precondition(raw >= 0 && raw < 6)
                withUnsafeMutableBytes(of: &words) { $0.storeBytes(of: newValue, toByteOffset: raw &* 8, as: UInt64.self) }
            }
        }

        package static func == (a: Durations, b: Durations) -> Bool {
            a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2
                && a.words.3 == b.words.3 && a.words.4 == b.words.4 && a.words.5 == b.words.5
        }
    }
}
