import Foundation
import Testing
import TesseraTesting

/// W3C `tracestate`: kept on the exported spans of the request that continued the trace (several
/// fields combined with commas, as the specification says), discarded when it cannot be kept.
@Suite(.serialized)
struct TraceStateTests {
    @Test(.requires(OTLPCollector.python != nil, "python3 with the OpenTelemetry protobuf classes is not installed"))
    func anIncomingTraceStateIsKeptOnTheExportedSpan() throws {
        let collector = try OTLPCollector()
        let alpha = try TestClient.generated("alpha", scopes: ["read"], audiences: ["api"])
        let server = try TesseraProcess.start(ServerSetup(sections: ["tracing": [
            "otlp_endpoint: \"http://127.0.0.1:\(collector.port)/v1/traces\"", "sample_ratio: 0",
        ]], clients: [alpha]))
        defer { server.stop() }
        let traces: [(id: String, headers: [String], expected: String)] = [
            ("4bf92f3577b34da6a3ce929d0e0e4736", ["tracestate: rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"], "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
            ("5bf92f3577b34da6a3ce929d0e0e4736", ["tracestate: rojo=00f067aa0ba902b7 ", "tracestate: congo=t61rcWkgMzE"],
             "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
            ("6bf92f3577b34da6a3ce929d0e0e4736", ["tracestate: long=" + String(repeating: "a", count: 600)], ""),
            ("7bf92f3577b34da6a3ce929d0e0e4736", [], ""),
        ]
        for trace in traces {
            var request = TokenRequest.basic(alpha)
            request.extraHeaders = ["traceparent: 00-\(trace.id)-00f067aa0ba902b7-01"] + trace.headers
            #expect(try server.send(request).status == 200)
        }
        let servers = { (spans: [[String: Any]]) in spans.filter { $0["kind"] as? Int == 2 } }
        let spans = collector.waitFor { servers($0).count >= traces.count }
        for trace in traces {
            let span = servers(spans).first { $0["trace_id"] as? String == trace.id }
            #expect(span != nil, "no span for \(trace.id); collector stderr: \(collector.stderr)")
            #expect(span?["trace_state"] as? String == trace.expected, "\(trace.headers)")
            let children = spans.filter { $0["kind"] as? Int == 1 && $0["trace_id"] as? String == trace.id }
            #expect(children.allSatisfy { $0["trace_state"] as? String == trace.expected }, "children inherit the trace state")
        }
    }
}
