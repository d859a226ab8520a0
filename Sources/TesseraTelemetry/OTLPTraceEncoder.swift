import Glibc

/// Encodes request spans as an OTLP `ExportTraceServiceRequest` (opentelemetry-proto,
/// collector/trace/v1/trace_service.proto), field numbers as in the schema:
///
///     ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
///     ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
///     Resource { repeated KeyValue attributes = 1; }
///     ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
///     InstrumentationScope { string name = 1; string version = 2; }
///     Span { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5;
///            SpanKind kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
///            repeated KeyValue attributes = 9; Status status = 15; fixed32 flags = 16; }
///     Status { StatusCode code = 3; }            (ERROR = 2)
///     KeyValue { string key = 1; AnyValue value = 2; }
///     AnyValue { string string_value = 1; int64 int_value = 3; }
///     SpanKind: INTERNAL = 1, SERVER = 2
///
/// Each request becomes a SERVER span named `<METHOD> <route>` with the HTTP semantic-convention
/// attributes, and one INTERNAL child per Server-Timing step. Server-Timing gives each step's
/// duration, not its start, so the children are laid end to end from the request's start.
package struct OTLPTraceEncoder: Sendable {
    package let serviceName: String
    package let serviceVersion: String

    package init(serviceName: String, serviceVersion: String) {
        self.serviceName = serviceName
        self.serviceVersion = serviceVersion
    }

    package func encode(_ requests: some Sequence<RequestSpan>, into writer: inout ProtobufWriter) {
        writer.messageField(1) { resourceSpans in
            resourceSpans.messageField(1) { resource in
                Self.stringAttribute(&resource, field: 1, "service.name", serviceName.utf8)
                Self.stringAttribute(&resource, field: 1, "service.version", serviceVersion.utf8)
            }
            resourceSpans.messageField(2) { scopeSpans in
                scopeSpans.messageField(1) { scope in
                    scope.stringField(1, "tessera")
                    scope.stringField(2, serviceVersion)
                }
                var peers = PeerCache()
                for request in requests {
                    scopeSpans.messageField(2) { Self.encodeServer(request, peer: peers.text(request), into: &$0) }
                    var offset: UInt64 = 0
                    request.forEachStep { name, nanos in
                        let start = request.startNanos &+ min(offset, request.durationNanos)
                        scopeSpans.messageField(2) { span in
                            Self.ids(&span, request.traceID, FastRandom.next(), parent: request.spanID)
                            // A child's context inherits the trace state, as an OpenTelemetry SDK's does.
                            if !request.traceState.isEmpty { span.bytesField(3, request.traceState) }
                            span.bytesField(5, name)
                            span.varintField(6, 1)
                            span.fixed64Field(7, start)
                            span.fixed64Field(8, start &+ nanos)
                            span.fixed32Field(16, 0x101)  // sampled; the parent is not remote
                        }
                        offset &+= nanos
                    }
                }
            }
        }
    }

    static func encodeServer(_ request: RequestSpan, peer: String, into span: inout ProtobufWriter) {
        ids(&span, request.traceID, request.spanID, parent: request.parentSpanID)
        if !request.traceState.isEmpty { span.bytesField(3, request.traceState) }
        span.tag(5, .lengthDelimited)
        let method = UnsafeBufferPointer(start: request.method.utf8Start, count: request.method.utf8CodeUnitCount)
        if let route = request.route {
            span.varint(UInt64(method.count + 1 + route.utf8CodeUnitCount))
            span.bytes.append(contentsOf: method)
            span.bytes.append(UInt8(ascii: " "))
            span.bytes.append(contentsOf: UnsafeBufferPointer(start: route.utf8Start, count: route.utf8CodeUnitCount))
        } else {
            span.varint(UInt64(method.count))
            span.bytes.append(contentsOf: method)
        }
        span.varintField(6, 2)
        span.fixed64Field(7, request.startNanos)
        span.fixed64Field(8, request.startNanos &+ request.durationNanos)
        stringAttribute(&span, field: 9, "http.request.method", method)
        if let route = request.route {
            let bytes = UnsafeBufferPointer(start: route.utf8Start, count: route.utf8CodeUnitCount)
            stringAttribute(&span, field: 9, "url.path", bytes)
            stringAttribute(&span, field: 9, "http.route", bytes)
        } else {
            stringAttribute(&span, field: 9, "url.path", request.path)
        }
        span.messageField(9) { keyValue in
            keyValue.bytesField(1, "http.response.status_code")
            keyValue.messageField(2) { $0.varintField(3, UInt64(bitPattern: Int64(request.status))) }
        }
        stringAttribute(&span, field: 9, "client.address", peer.utf8)
        if let clientID = request.clientID { stringAttribute(&span, field: 9, "oauth.client_id", clientID.utf8) }
        if let error = request.errorType {
            stringAttribute(&span, field: 9, "error.type", UnsafeBufferPointer(start: error.utf8Start, count: error.utf8CodeUnitCount))
        } else if request.status >= 500 {
            stringAttribute(&span, field: 9, "error.type", String(request.status).utf8)
        }
        if request.status >= 500 { span.messageField(15) { $0.varintField(3, 2) } }
        // Sampled; bit 8 says whether the parent's remoteness is known, bit 9 that it is remote.
        span.fixed32Field(16, request.parentSpanID != 0 ? 0x301 : 0x101)
    }

    static func ids(_ span: inout ProtobufWriter, _ trace: (UInt64, UInt64), _ id: UInt64, parent: UInt64) {
        span.tag(1, .lengthDelimited)
        span.varint(16)
        withUnsafeBytes(of: trace.0.bigEndian) { span.bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: trace.1.bigEndian) { span.bytes.append(contentsOf: $0) }
        span.tag(2, .lengthDelimited)
        span.varint(8)
        withUnsafeBytes(of: id.bigEndian) { span.bytes.append(contentsOf: $0) }
        if parent != 0 {
            span.tag(4, .lengthDelimited)
            span.varint(8)
            withUnsafeBytes(of: parent.bigEndian) { span.bytes.append(contentsOf: $0) }
        }
    }

    static func stringAttribute(_ out: inout ProtobufWriter, field: Int, _ key: StaticString, _ value: some Collection<UInt8>) {
        out.messageField(field) { keyValue in
            keyValue.bytesField(1, key)
            keyValue.messageField(2) { $0.bytesField(1, value) }
        }
    }

    /// The last peer's text: a batch mostly comes from a few clients (gateways, services).
    struct PeerCache {
        var family: UInt8 = 255
        var address: (UInt64, UInt64) = (0, 0)
        var text = ""

        mutating func text(_ request: RequestSpan) -> String {
            if request.peerFamily != family || request.peerAddress != address {
                family = request.peerFamily
                address = request.peerAddress
                text = OTLPTraceEncoder.peerText(request)
            }
            return text
        }
    }

    /// The peer address as text (`127.0.0.1`, `::1`), formatted here rather than on the I/O thread.
    static func peerText(_ request: RequestSpan) -> String {
        guard request.peerFamily == 4 || request.peerFamily == 6 else { return "unknown" }
        var raw = request.peerAddress
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = withUnsafeBytes(of: &raw) { source in
            inet_ntop(request.peerFamily == 4 ? AF_INET : AF_INET6, source.baseAddress, &text, socklen_t(text.count)) != nil
        }
        return ok ? String(cString: text) : "unknown"
    }
}

extension ProtobufWriter {
    package mutating func bytesField(_ field: Int, _ literal: StaticString) {
        bytesField(field, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
