import TesseraHTTP
import TesseraTelemetry

extension RequestTelemetry {
    /// The request's span record: literals, numbers and the raw peer address, with the steps read
    /// back from the response's Server-Timing field (where every path, inline or deferred, wrote
    /// them). Nothing here allocates but the copy of a path Tessera does not serve.
    func span(_ record: RequestRecord, method: UnsafeRawBufferPointer, path: UnsafeRawBufferPointer, endpoint: Endpoint,
              duration: UInt64, response: HTTPResponseBuilder, error: ArraySlice<UInt8>?, clientID: String?) -> RequestSpan {
        let route = endpoint.route
        var span = RequestSpan(
            traceID: record.trace.traceID, spanID: record.spanID, parentSpanID: record.trace.parentSpanID ?? 0,
            startNanos: record.startedWall, durationNanos: duration, status: response.status,
            method: Self.methodLiteral(method), route: route, path: route == nil ? Array(path) : [],
            peerFamily: record.peer.family, peerAddress: record.peer.bytes, clientID: clientID,
            errorType: error.flatMap(Self.errorLiteral))
        span.traceState = record.traceState
        ServerTimingSteps.read(headers: response.headers, into: &span)
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

    static let errorCodes: [StaticString] = [
        "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type",
        "invalid_scope", "invalid_target", "rate_limited", "temporarily_unavailable", "not_found", "method_not_allowed",
    ]

    static func errorLiteral(_ code: ArraySlice<UInt8>) -> StaticString? {
        errorCodes.first { $0.utf8CodeUnitCount == code.count
            && UnsafeRawBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount).elementsEqual(code) }
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
