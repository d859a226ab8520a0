/// The part of a child's stderr worth printing when it failed: a sanitizer report whole (from its
/// first line; CI runs the suite under AddressSanitizer and ThreadSanitizer, and a report is what
/// explains a node that died), else the last `tail` characters.
package enum SanitizerReport {
    static let markers = ["WARNING: ThreadSanitizer", "ERROR: AddressSanitizer", "ERROR: LeakSanitizer"]

    package static func excerpt(of stderr: String, tail: Int = 800, limit: Int = 12_000) -> String {
        for marker in markers {
            if let start = stderr.range(of: marker)?.lowerBound {
                return String(stderr[start...].prefix(limit))
            }
        }
        return String(stderr.suffix(tail))
    }
}
