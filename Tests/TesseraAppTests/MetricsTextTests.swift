@testable import TesseraApp
import Testing

/// The Prometheus text `Metrics.render` and `Histogram.render` produce, without a server.
@Suite struct MetricsTextTests {
    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

    @Test func answeredRequestsAreCountedByEndpointAndStatus() {
        let metrics = Metrics()
        metrics.recordRequest(.token, status: 200, nanos: 1_000)
        metrics.recordRequest(.token, status: 200, nanos: 1_000)
        metrics.recordRequest(.notFound, status: 404, nanos: 1_000)
        let lines = Self.lines(metrics.render(openConnections: 3))
        #expect(lines.contains(#"tessera_http_requests_total{endpoint="token",status="200"} 2"#))
        #expect(lines.contains(#"tessera_http_requests_total{endpoint="not_found",status="404"} 1"#))
        #expect(!lines.contains { $0.hasPrefix(#"tessera_http_requests_total{endpoint="token",status="401"}"#) })
        #expect(lines.contains("tessera_http_open_connections 3"))
        #expect(lines.contains("# TYPE tessera_http_requests_total counter"))
    }

    @Test func everyCacheTierAndResultHasASeriesFromTheStart() {
        let metrics = Metrics()
        metrics.recordLookup(.redis, cache: .client, hit: false)
        let lines = Self.lines(metrics.render(openConnections: 0))
        #expect(lines.contains(#"tessera_cache_lookups_total{tier="redis",cache="client",result="miss"} 1"#))
        #expect(lines.contains(#"tessera_cache_lookups_total{tier="postgres",cache="introspection",result="hit"} 0"#))
        let series = lines.filter { $0.hasPrefix("tessera_cache_lookups_total{") }
        #expect(series.count == 3 * 4 * 2)  // local, redis, postgres x client, token, secret, introspection x hit, miss
    }

    @Test func tokensAndSlowHashesAreCountedByAlgorithmAndResult() {
        let metrics = Metrics()
        metrics.tokenIssued(algorithm: .HS256)
        metrics.tokenIssued(algorithm: .ES256)
        metrics.tokenIssued(algorithm: .ES256)
        metrics.recordSlowHash(success: false)
        metrics.recordSlowHashRefused()
        metrics.recordSlowHashRefused()
        let lines = Self.lines(metrics.render(openConnections: 0))
        #expect(lines.contains(#"tessera_tokens_issued_total{algorithm="EdDSA"} 0"#))
        #expect(lines.contains(#"tessera_tokens_issued_total{algorithm="HS256"} 1"#))
        #expect(lines.contains(#"tessera_tokens_issued_total{algorithm="ES256"} 2"#), "an ES256 token is not counted as EdDSA")
        #expect(lines.contains(#"tessera_tokens_issued_total{algorithm="RS256"} 0"#))
        #expect(!lines.contains { $0.contains(#"algorithm="PS256""#) }, "PS256 only verifies")
        #expect(lines.contains(#"tessera_secret_hash_verifications_total{result="mismatch"} 1"#))
        #expect(lines.contains(#"tessera_secret_hash_verifications_total{result="refused"} 2"#))
    }

    @Test func histogramBucketsAreCumulativeWithSumAndCount() {
        let histogram = Histogram(name: "h", help: "A test.", label: "endpoint", series: ["a", "b"], bounds: [0.001, 0.01])
        histogram.observe(series: 1, nanos: 500_000)  // 0.5 ms: first bucket
        histogram.observe(series: 1, nanos: 1_000_000)  // exactly the bound: `le` includes it
        histogram.observe(series: 1, nanos: 2_000_000_000)  // beyond every bound: +Inf only
        var text = ""
        histogram.render(into: &text)
        let lines = Self.lines(text)
        #expect(lines.prefix(2) == ["# HELP h A test.", "# TYPE h histogram"])
        #expect(lines.contains(#"h_bucket{endpoint="a",le="+Inf"} 0"#))
        #expect(lines.contains(#"h_bucket{endpoint="b",le="0.001"} 2"#))
        #expect(lines.contains(#"h_bucket{endpoint="b",le="0.01"} 2"#))
        #expect(lines.contains(#"h_bucket{endpoint="b",le="+Inf"} 3"#))
        #expect(lines.contains(#"h_sum{endpoint="b"} 2.0015"#))
        #expect(lines.contains(#"h_count{endpoint="b"} 3"#))
    }

    @Test func anUnlabelledHistogramHasPlainSumAndCount() {
        let histogram = Histogram(name: "s", help: "Sign.", bounds: [1])
        histogram.observe(nanos: 10)
        var text = ""
        histogram.render(into: &text)
        #expect(Self.lines(text).suffix(4) == [#"s_bucket{le="1.0"} 1"#, #"s_bucket{le="+Inf"} 1"#, "s_sum 1e-08", "s_count 1"])
    }

    @Test func reloadsAreCountedByResultWithTheLastSuccess() {
        let metrics = Metrics()
        let before = metrics.render(openConnections: 0)
        #expect(before.contains(#"tessera_config_reloads_total{result="success"} 0"#))
        #expect(before.contains(#"tessera_config_reloads_total{result="failure"} 0"#))
        #expect(before.contains("# TYPE tessera_config_last_reload_success_timestamp_seconds gauge"))
        metrics.reloads.record(success: true)
        metrics.reloads.record(success: false)
        metrics.reloads.record(success: false)
        let after = metrics.render(openConnections: 0)
        #expect(after.contains(#"tessera_config_reloads_total{result="success"} 1"#))
        #expect(after.contains(#"tessera_config_reloads_total{result="failure"} 2"#))
    }
}
