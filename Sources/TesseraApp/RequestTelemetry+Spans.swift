import TesseraTelemetry
import TesseraHTTP

extension RequestTelemetry {
    /// The request's SERVER span (`POST /oauth/token`, child of the caller's span) and one
    /// INTERNAL child per Server-Timing step. Server-Timing gives each step's duration, not its
    /// start, so the children are laid end to end from the start of the request.
    func spans(_ record: RequestRecord, method: UnsafeRawBufferPointer, path: UnsafeRawBufferPointer, endpoint: Endpoint,
               duration: UInt64, response: HTTPResponseWriter, error: ArraySlice<UInt8>?, clientID: String?) -> [SpanRecord] {
        let methodText = String(decoding: method, as: UTF8.self)
        let start = record.startedWall
        var attributes: [(String, SpanRecord.Value)] = [
            ("http.request.method", .string(methodText)),
            ("url.path", .string(String(decoding: path, as: UTF8.self))),
            ("http.response.status_code", .int(Int64(response.status))),
            ("client.address", .string(record.peer.host)),
        ]
        if let route = endpoint.route { attributes.append(("http.route", .string(route))) }
        if let clientID { attributes.append(("oauth.client_id", .string(clientID))) }
        if let error {
            attributes.append(("error.type", .string(String(decoding: error, as: UTF8.self))))
        } else if response.status >= 500 {
            attributes.append(("error.type", .string("\(response.status)")))
        }
        var spans = [SpanRecord(
            traceID: record.trace.traceID, spanID: record.spanID, parentSpanID: record.trace.parentSpanID,
            name: endpoint.route.map { "\(methodText) \($0)" } ?? methodText, kind: .server,
            startNanos: start, endNanos: start &+ duration, attributes: attributes, failed: response.status >= 500)]
        var offset: UInt64 = 0
        for (name, nanos) in ServerTimingSteps.parse(headers: response.headers) {
            let childStart = start &+ min(offset, duration)
            spans.append(SpanRecord(
                traceID: record.trace.traceID, spanID: FastRandom.next(), parentSpanID: record.spanID, name: name,
                kind: .internal, startNanos: childStart, endNanos: childStart &+ nanos))
            offset &+= nanos
        }
        return spans
    }
}

extension Endpoint {
    /// The route in span names and `http.route`; nil for paths Tessera does not serve.
    var route: String? {
        switch self {
        case .token: "/oauth/token"
        case .introspect: "/oauth/introspect"
        case .revoke: "/oauth/revoke"
        case .jwks: "/.well-known/jwks.json"
        case .metadata: "/.well-known/oauth-authorization-server"
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        case .notFound: nil
        }
    }
}
