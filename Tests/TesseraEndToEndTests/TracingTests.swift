import Foundation
import Testing
import TesseraTesting

/// W3C trace context and OTLP/HTTP export, checked with the official OTLP protobuf decoder, and
/// collectors that do not take spans costing requests nothing.
@Suite(.serialized)
struct TracingTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let parentSpanID = "00f067aa0ba902b7"

    @Test(.requires(OTLPCollector.python != nil, "python3 with the OpenTelemetry protobuf classes is not installed"))
    func sampledRequestsAreExportedAsAServerSpanWithAChildPerServerTimingStep() throws {
        let collector = try OTLPCollector()
        let alpha = try TestClient.generated("alpha", scopes: ["read"], audiences: ["api"])
        // Ratio 0: only the request whose parent is sampled is traced.
        let server = try TesseraProcess.start(ServerSetup(sections: ["tracing": [
            "otlp_endpoint: \"http://127.0.0.1:\(collector.port)/v1/traces\"", "sample_ratio: 0", "service_name: tessera-test",
        ]], clients: [alpha]))
        defer { server.stop() }
        var sampled = TokenRequest.basic(alpha)
        sampled.extraHeaders = ["traceparent: 00-\(Self.traceID)-\(Self.parentSpanID)-01"]
        var unsampled = TokenRequest.basic(alpha)
        unsampled.extraHeaders = ["traceparent: 00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-00f067aa0ba902b7-00"]
        var malformed = TokenRequest.basic(alpha)
        malformed.extraHeaders = ["traceparent: 00-\(Self.traceID.uppercased())-\(Self.parentSpanID)-01"]
        let response = try server.send(sampled)
        #expect(response.status == 200)
        #expect(try server.send(unsampled).status == 200)
        #expect(try server.send(malformed).status == 200)
        let steps = response.serverTimingSteps

        let spans = collector.waitFor { spans in spans.contains { $0["name"] as? String == "POST /oauth/token" } }
        let serverSpan = spans.first { $0["name"] as? String == "POST /oauth/token" }
        let root = try #require(serverSpan, "no SERVER span received; collector stderr: \(collector.stderr)")
        #expect(root["content_type"] as? String == "application/x-protobuf")
        #expect(root["path"] as? String == "/v1/traces")
        #expect(root["trace_id"] as? String == Self.traceID)
        #expect(root["parent_span_id"] as? String == Self.parentSpanID)
        #expect(root["kind"] as? Int == 2, "SPAN_KIND_SERVER")
        let resource = root["resource"] as? [String: Any]
        #expect(resource?["service.name"] as? String == "tessera-test")
        #expect((resource?["service.version"] as? String)?.isEmpty == false)
        let attributes = root["attributes"] as? [String: Any] ?? [:]
        #expect(attributes["http.request.method"] as? String == "POST")
        #expect(attributes["url.path"] as? String == "/oauth/token")
        #expect("\(attributes["http.response.status_code"] ?? "")" == "200")
        #expect(attributes["client.address"] as? String == "127.0.0.1")
        #expect(attributes["oauth.client_id"] as? String == "alpha")
        let start = (root["start"] as? Int) ?? 0
        let end = (root["end"] as? Int) ?? 0
        #expect(start > 1_700_000_000_000_000_000 && end >= start)

        let children = spans.filter { $0["parent_span_id"] as? String == root["span_id"] as? String }
        #expect(!steps.isEmpty)
        #expect(children.map { $0["name"] as? String ?? "" } == steps, "one INTERNAL child per Server-Timing step")
        #expect(children.allSatisfy { $0["kind"] as? Int == 1 && $0["trace_id"] as? String == Self.traceID })
        #expect(spans.allSatisfy { $0["trace_id"] as? String == Self.traceID }, "an unsampled request was exported")

        let metrics = try server.get("/metrics").body
        #expect(metrics.contains("tessera_trace_spans_exported_total "))
        #expect(metrics.contains("tessera_trace_spans_dropped_total 0"))
    }

    /// A collector that accepts connections and never answers, and one that refuses them.
    @Test(arguments: ["hanging", "refusing"])
    func aCollectorThatDoesNotTakeSpansNeverDelaysRequests(kind: String) throws {
        let listener = try SilentListener(accept: kind == "hanging")
        let alpha = try TestClient.generated("alpha", scopes: ["read"], audiences: ["api"])
        let server = try TesseraProcess.start(ServerSetup(sections: ["tracing": [
            "otlp_endpoint: \"http://127.0.0.1:\(listener.port)/v1/traces\"", "sample_ratio: 1.0",
        ]], clients: [alpha]))
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        defer { client.close() }
        var slowest = 0.0
        let began = Date()
        // Spans keep coming over several export rounds (every 500 ms), each failing.
        while Date().timeIntervalSince(began) < (kind == "hanging" ? 3.0 : 1.6) {
            let sent = Date()
            #expect(try client.exchange(TokenRequest.basic(alpha).text).status == 200)
            slowest = max(slowest, Date().timeIntervalSince(sent))
        }
        #expect(slowest < 0.5, "a request waited \(slowest) s on the collector")
        var dropped = 0
        let deadline = Date().addingTimeInterval(8)
        while dropped == 0, Date() < deadline {
            let metrics = try server.get("/metrics").body
            dropped = metrics.split(separator: "\n").first { $0.hasPrefix("tessera_trace_spans_dropped_total ") }
                .flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
            if dropped == 0 { usleep(100_000) }
        }
        #expect(dropped > 0)
        let reports = server.stderr.split(separator: "\n").filter { $0.contains("trace export failed") }
        #expect(reports.count == 1, "reported at most once a minute: \(reports)")
    }
}

/// A loopback port whose owner never answers: it either accepts into the backlog and says
/// nothing (a hanging collector), or is closed again so connections are refused.
final class SilentListener {
    let fd: Int32
    let port: UInt16

    init(accept: Bool) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw HarnessError.startFailed("cannot listen") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        if !accept { Glibc.close(fd) }
        self.fd = accept ? fd : -1
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }
}
