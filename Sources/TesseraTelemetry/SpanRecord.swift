/// One finished span, as the exporter encodes it (OTLP `Span`). Filled on the thread that
/// finished the request and queued; attribute values are strings or integers.
package struct SpanRecord: Sendable {
    package enum Kind: UInt64, Sendable {
        case `internal` = 1, server = 2
    }

    package enum Value: Sendable, Equatable {
        case string(String)
        case int(Int64)
    }

    package var traceID: (UInt64, UInt64)
    package var spanID: UInt64
    package var parentSpanID: UInt64?
    package var name: String
    package var kind: Kind
    package var startNanos: UInt64
    package var endNanos: UInt64
    package var attributes: [(String, Value)]
    /// Marks the span's status as ERROR (a 5xx answer).
    package var failed: Bool

    package init(traceID: (UInt64, UInt64), spanID: UInt64, parentSpanID: UInt64?, name: String, kind: Kind,
                 startNanos: UInt64, endNanos: UInt64, attributes: [(String, Value)] = [], failed: Bool = false) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.name = name
        self.kind = kind
        self.startNanos = startNanos
        self.endNanos = endNanos
        self.attributes = attributes
        self.failed = failed
    }
}
