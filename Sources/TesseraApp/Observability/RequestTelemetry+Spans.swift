import TesseraHTTP
import TesseraOAuth
import TesseraTelemetry

extension RequestTelemetry {
    /// The request's span record: literals, numbers and the raw peer address, with the steps the
    /// answer noted (those of its Server-Timing field). Nothing here allocates but the copy of a
    /// path Tessera does not serve.
    func span(_ record: RequestRecord, method: UnsafeRawBufferPointer, path: UnsafeRawBufferPointer, endpoint: Endpoint,
              duration: UInt64, status: Int, clientID: String?) -> RequestSpan {
        let route = endpoint.route
        var span = RequestSpan(
            traceID: record.trace.traceID, spanID: record.spanID, parentSpanID: record.trace.parentSpanID ?? 0,
            startNanos: record.startedWall, durationNanos: duration, status: status,
            method: Self.methodLiteral(method), route: route, path: route == nil ? Array(path) : [],
            peerFamily: record.peer.family, peerAddress: record.peer.bytes, clientID: clientID,
            errorType: record.outcome.error)
        span.traceState = record.traceState
        if let timing = record.outcome.timing {
            // `RequestSpan.stepNames` lists the steps in `StepTimings.Step`'s order.
            for step in timing.steps { span.addStep(step.rawValue, nanoseconds: timing.nanoseconds(of: step) ?? 0) }
        }
        return span
    }

    static let methods: [StaticString] = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]

    /// The method as the semantic conventions name it: a known one, else `_OTHER`.
    static func methodLiteral(_ method: UnsafeRawBufferPointer) -> StaticString {
        for known in methods where known.utf8CodeUnitCount == method.count
            && UnsafeRawBufferPointer(start: known.utf8Start, count: known.utf8CodeUnitCount).elementsEqual(method) {
            return known
        }
        return "_OTHER"
    }
}

extension Endpoint {
    /// The route in span names and `http.route`; nil for paths Tessera does not serve.
    var route: StaticString? {
        switch self {
        case .token: "/oauth/token"
        case .introspect: "/oauth/introspect"
        case .revoke: "/oauth/revoke"
        case .jwks: "/.well-known/jwks.json"
        case .metadata: "/.well-known/oauth-authorization-server"
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        case .statusList: "/oauth/status/{id}"
        case .statusLists: "/oauth/status"
        case .notFound: nil
        }
    }
}
