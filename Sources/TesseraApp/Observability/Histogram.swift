/// A Prometheus histogram over fixed bucket bounds (seconds), one series per label value.
/// Observations are lock-free: one counter per bucket, plus count and sum (in nanoseconds).
final class Histogram: Sendable {
    static let latencyBounds: [Double] = [
        0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
    ]

    let name: String
    let help: String
    let label: String?
    let series: [String]
    let bounds: [Double]
    private let boundsNanos: [Int]
    private let counters: Counters
    private var stride: Int { bounds.count + 2 }

    init(name: String, help: String, label: String? = nil, series: [String] = [""], bounds: [Double] = latencyBounds) {
        self.name = name
        self.help = help
        self.label = label
        self.series = series
        self.bounds = bounds
        self.boundsNanos = bounds.map { Int($0 * 1e9) }
        self.counters = Counters(count: series.count * (bounds.count + 2))
    }

    /// Records one observation of `nanos` for series `index`.
    func observe(series index: Int = 0, nanos: Int) {
        let base = index * stride
        var bucket = 0
        while bucket < boundsNanos.count && nanos > boundsNanos[bucket] { bucket += 1 }
        counters.add(base + bucket)
        counters.add(base + bounds.count + 1, nanos)
    }

    func render(into out: inout String) {
        out += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for (index, value) in series.enumerated() {
            let base = index * stride
            let labelPrefix = label.map { "\($0)=\"\(value)\"," } ?? ""
            let plainLabels = label.map { "{\($0)=\"\(value)\"}" } ?? ""
            var cumulative = 0
            for (b, bound) in bounds.enumerated() {
                cumulative += counters.load(base + b)
                out += "\(name)_bucket{\(labelPrefix)le=\"\(bound)\"} \(cumulative)\n"
            }
            cumulative += counters.load(base + bounds.count)
            out += "\(name)_bucket{\(labelPrefix)le=\"+Inf\"} \(cumulative)\n"
            out += "\(name)_sum\(plainLabels) \(Double(counters.load(base + bounds.count + 1)) / 1e9)\n"
            out += "\(name)_count\(plainLabels) \(cumulative)\n"
        }
    }
}
