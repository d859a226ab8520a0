import Foundation

/// How much slower than a plain debug build the binary under test runs: TESSERA_TEST_SLOWDOWN
/// (scripts/test sets it for its sanitizer runs, whose instrumented servers run several times
/// slower). Tests multiply the slack they add to a contract bound by it, never the bound itself.
package enum TestTiming {
    package static let slowdown: Double = {
        guard let text = ProcessInfo.processInfo.environment["TESSERA_TEST_SLOWDOWN"], let value = Double(text), value >= 1 else { return 1 }
        return value
    }()

    /// A contract bound of `seconds` plus `slack`, the slack scaled by the slowdown.
    package static func bound(_ seconds: Double, slack: Double = 0.5) -> Double { seconds + slack * slowdown }
}
