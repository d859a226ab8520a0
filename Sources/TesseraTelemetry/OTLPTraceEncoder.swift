/// Encodes spans as an OTLP `ExportTraceServiceRequest` (opentelemetry-proto,
/// collector/trace/v1/trace_service.proto), field numbers as in the schema:
///
///     ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
///     ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
///     Resource { repeated KeyValue attributes = 1; }
///     ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
///     InstrumentationScope { string name = 1; string version = 2; }
///     Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5;
///            SpanKind kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
///            repeated KeyValue attributes = 9; Status status = 15; fixed32 flags = 16; }
///     Status { StatusCode code = 3; }            (ERROR = 2)
///     KeyValue { string key = 1; AnyValue value = 2; }
///     AnyValue { string string_value = 1; int64 int_value = 3; }
package struct OTLPTraceEncoder: Sendable {
    package let serviceName: String
    package let serviceVersion: String

    package init(serviceName: String, serviceVersion: String) {
        self.serviceName = serviceName
        self.serviceVersion = serviceVersion
    }

    package func encode(_ spans: some Sequence<SpanRecord>, into writer: inout ProtobufWriter) {
        writer.messageField(1) { resourceSpans in
            resourceSpans.messageField(1) { resource in
                Self.attribute(&resource, field: 1, "service.name", .string(serviceName))
                Self.attribute(&resource, field: 1, "service.version", .string(serviceVersion))
            }
            resourceSpans.messageField(2) { scopeSpans in
                scopeSpans.messageField(1) { scope in
                    scope.stringField(1, "tessera")
                    scope.stringField(2, serviceVersion)
                }
                for span in spans {
                    scopeSpans.messageField(2) { Self.encode(span, into: &$0) }
                }
            }
        }
    }

    static func encode(_ span: SpanRecord, into out: inout ProtobufWriter) {
        out.bytesField(1, idBytes(span.traceID.0) + idBytes(span.traceID.1))
        out.bytesField(2, idBytes(span.spanID))
        if let parent = span.parentSpanID { out.bytesField(4, idBytes(parent)) }
        out.stringField(5, span.name)
        out.varintField(6, span.kind.rawValue)
        out.fixed64Field(7, span.startNanos)
        out.fixed64Field(8, span.endNanos)
        for (key, value) in span.attributes {
            attribute(&out, field: 9, key, value)
        }
        if span.failed {
            out.messageField(15) { $0.varintField(3, 2) }
        }
        // SPAN_FLAGS_TRACE_FLAGS: sampled (it is exported); bit 8: whether the parent is remote.
        out.fixed32Field(16, span.kind == .server && span.parentSpanID != nil ? 0x301 : 0x101)
    }

    static func attribute(_ out: inout ProtobufWriter, field: Int, _ key: String, _ value: SpanRecord.Value) {
        out.messageField(field) { keyValue in
            keyValue.stringField(1, key)
            keyValue.messageField(2) { any in
                switch value {
                case .string(let text): any.stringField(1, text)
                case .int(let number): any.varintField(3, UInt64(bitPattern: number))
                }
            }
        }
    }

    /// An id in network (big-endian) byte order, as its hex form reads.
    static func idBytes(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
