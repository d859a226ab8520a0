import Foundation
import Testing
import Yams

/// deploy/observability: the alert rules pass promtool (syntax and their unit tests), and the
/// dashboard and the rules use only metrics the contract promises.
@Suite struct ObservabilityTests {
    /// The metric families of CONTRACT.md ("Discovery and operations"); a histogram's series
    /// carry `_bucket`, `_sum` and `_count`.
    static let contractMetrics: Set<String> = [
        "tessera_http_requests_total", "tessera_http_request_duration_seconds", "tessera_cache_lookups_total",
        "tessera_tokens_issued_total", "tessera_sign_duration_seconds", "tessera_db_pool_connections",
        "tessera_db_pool_wait_duration_seconds", "tessera_build_info", "tessera_tier_up", "tessera_store_errors_total",
        "tessera_trace_spans_exported_total", "tessera_trace_spans_dropped_total", "tessera_log_lines_dropped_total",
        // "Credential and key lifecycle"
        "tessera_signing_key_age_seconds", "tessera_signing_key_next_rotation_timestamp_seconds",
    ]

    static var promtool: String? { Tool.which("promtool") }

    @Test(.requires(promtool != nil, "promtool is not installed (apt-get install prometheus)"))
    func alertRulesPassPromtoolCheckAndTheirUnitTests() throws {
        let promtool = try #require(Self.promtool, "promtool is required here (apt-get install prometheus)")
        let folder = Tool.file("deploy/observability")
        let check = try Tool.run(promtool, ["check", "rules", "alerts.yml"], directory: folder)
        #expect(check.status == 0, "promtool check rules: \(check.output)")
        #expect(check.output.contains("SUCCESS: 7 rules found"), "\(check.output)")
        let unit = try Tool.run(promtool, ["test", "rules", "alerts_test.yml"], directory: folder)
        #expect(unit.status == 0, "promtool test rules: \(unit.output)")
    }

    /// The metric names in a PromQL expression: `tessera_` followed by name characters.
    static func metricNames(in expression: String) -> Set<String> {
        var names: Set<String> = []
        var bytes = Array(expression.utf8)[...]
        let prefix = Array("tessera_".utf8)
        func isNameByte(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || (b >= 0x41 && b <= 0x5A) }
        while let start = bytes.firstRange(of: prefix)?.lowerBound {
            var end = start
            while end < bytes.endIndex, isNameByte(bytes[end]) { end += 1 }
            var name = String(decoding: bytes[start..<end], as: UTF8.self)
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) && !contractMetrics.contains(name) {
                name.removeLast(suffix.count)
            }
            names.insert(name)
            bytes = bytes[end...]
        }
        return names
    }

    static func dashboardExpressions() throws -> [String] {
        let data = try Data(contentsOf: Tool.file("deploy/observability/grafana-dashboard.json"))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "the dashboard is not a JSON object")
        let panels = try #require(dashboard["panels"] as? [[String: Any]], "no panels")
        var expressions: [String] = []
        for panel in panels {
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                if let expr = target["expr"] as? String { expressions.append(expr) }
            }
        }
        if let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] {
            expressions += variables.compactMap { $0["definition"] as? String }
        }
        return expressions
    }

    @Test func dashboardParsesAndUsesOnlyContractMetrics() throws {
        let expressions = try Self.dashboardExpressions()
        #expect(expressions.count >= 10, "\(expressions.count) expressions")
        let used = expressions.reduce(into: Set<String>()) { $0.formUnion(Self.metricNames(in: $1)) }
        #expect(used.subtracting(Self.contractMetrics).isEmpty, "not in the contract: \(used.subtracting(Self.contractMetrics).sorted())")
        let required: Set<String> = [
            "tessera_http_requests_total", "tessera_http_request_duration_seconds", "tessera_tier_up",
            "tessera_db_pool_wait_duration_seconds", "tessera_trace_spans_dropped_total",
        ]
        #expect(required.isSubset(of: used), "missing: \(required.subtracting(used).sorted())")
        for quantile in ["0.5", "0.95", "0.99"] {
            #expect(expressions.contains { $0.contains("histogram_quantile(\(quantile),") && $0.contains("by (endpoint, le)") },
                    "no P\(quantile) by endpoint panel")
        }
    }

    @Test func alertRulesUseOnlyContractMetricsAndCoverEachConcern() throws {
        let document = try #require(try Yams.load(yaml: Tool.text("deploy/observability/alerts.yml")) as? [String: Any])
        let groups = try #require(document["groups"] as? [[String: Any]])
        let rules = groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }
        var byMetric: [String: Set<String>] = [:]
        for rule in rules {
            let alert = try #require(rule["alert"] as? String), expr = try #require(rule["expr"] as? String)
            for name in Self.metricNames(in: expr) { byMetric[name, default: []].insert(alert) }
        }
        let used = Set(byMetric.keys)
        #expect(used.subtracting(Self.contractMetrics).isEmpty, "not in the contract: \(used.subtracting(Self.contractMetrics).sorted())")
        // error ratio, tier down, p99 latency, pool wait, spans dropped, log lines dropped, stale signing key
        for metric in ["tessera_http_requests_total", "tessera_tier_up", "tessera_http_request_duration_seconds",
                       "tessera_db_pool_wait_duration_seconds", "tessera_trace_spans_dropped_total", "tessera_log_lines_dropped_total",
                       "tessera_signing_key_age_seconds", "tessera_signing_key_next_rotation_timestamp_seconds"] {
            #expect(byMetric[metric] != nil, "no alert on \(metric)")
        }
    }

    @Test func metricNamesAreReadWithoutHistogramSuffixes() {
        #expect(Self.metricNames(in: #"histogram_quantile(0.99, sum by (le) (rate(tessera_db_pool_wait_duration_seconds_bucket[5m])))"#)
            == ["tessera_db_pool_wait_duration_seconds"])
        #expect(Self.metricNames(in: "tessera_tier_up == 0 or tessera_bogus_total") == ["tessera_tier_up", "tessera_bogus_total"])
    }
}
