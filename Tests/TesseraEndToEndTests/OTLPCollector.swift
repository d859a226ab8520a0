import Foundation
import TesseraTesting

/// An OTLP/HTTP collector for the tests, in Python with the official protobuf classes
/// (`opentelemetry-proto` from PyPI): it decodes every ExportTraceServiceRequest Tessera posts
/// and writes each span as one JSON line to a file. `scripts/test` installs the package; without
/// it the tests that need it are skipped, unless TESSERA_REQUIRE_SERVICES=1 makes that a failure.
final class OTLPCollector {
    static let script = #"""
import sys, json, http.server
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
out = open(sys.argv[1], "a")
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        request = trace_service_pb2.ExportTraceServiceRequest()
        request.ParseFromString(body)
        for resource_spans in request.resource_spans:
            resource = {kv.key: kv.value.string_value for kv in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    attributes = {}
                    for kv in span.attributes:
                        kind = kv.value.WhichOneof("value")
                        attributes[kv.key] = getattr(kv.value, kind)
                    out.write(json.dumps({
                        "content_type": self.headers["Content-Type"], "path": self.path, "resource": resource,
                        "trace_id": span.trace_id.hex(), "span_id": span.span_id.hex(),
                        "parent_span_id": span.parent_span_id.hex(), "trace_state": span.trace_state, "name": span.name, "kind": span.kind,
                        "start": span.start_time_unix_nano, "end": span.end_time_unix_nano,
                        "attributes": attributes}) + "\n")
        out.flush()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

    /// The first Python that has the OTLP classes: `TESSERA_PYTHON`, `python3` on PATH, /usr/bin/python3.
    static let python: String? = TestPython.first(importing: ["opentelemetry.proto.collector.trace.v1.trace_service_pb2"])

    let directory: TemporaryDirectory
    let pid: pid_t
    let port: UInt16
    var spansFile: URL { directory.file("spans.jsonl") }

    init() throws {
        guard let python = Self.python else {
            throw HarnessError.startFailed("no python3 with opentelemetry-proto (pip install opentelemetry-proto)")
        }
        directory = try TemporaryDirectory(prefix: "tessera-otlp")
        let stdout = directory.file("stdout")
        pid = try Spawn.start(python, ["-c", Self.script, directory.file("spans.jsonl").path], environment: ProcessInfo.processInfo.environment,
                              directory: directory.url.path, stdin: "/dev/null", stdout: stdout.path, stderr: directory.file("stderr").path)
        let deadline = Date().addingTimeInterval(20)
        var found: UInt16?
        while found == nil, Date() < deadline {
            found = UInt16(((try? String(contentsOf: stdout, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
            if found == nil { usleep(20_000) }
        }
        guard let found else {
            _ = Spawn.kill(pid)
            throw HarnessError.startFailed("the OTLP collector did not start")
        }
        port = found
    }

    /// The spans received so far.
    var spans: [[String: Any]] {
        let text = (try? String(contentsOf: spansFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Waits (bounded) until `done` holds for the spans received.
    func waitFor(timeout: Double = 15, _ done: ([[String: Any]]) -> Bool) -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(timeout)
        var current = spans
        while !done(current), Date() < deadline {
            usleep(50_000)
            current = spans
        }
        return current
    }

    var stderr: String { (try? String(contentsOf: directory.file("stderr"), encoding: .utf8)) ?? "" }

    deinit {
        _ = Spawn.kill(pid)
        directory.remove()
    }
}
