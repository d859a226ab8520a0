import TesseraCore
import Dispatch
import Glibc
import TesseraHTTP
import TesseraOAuth

/// The HTTP face of Tessera: routes each request, turns it into an OAuth call or an operations
/// answer, and records its metrics. Runs on the I/O thread; anything slow is handed to `backend`
/// and answered through a deferred response.
final class TesseraHandler: HTTPHandler {
    let box: StateBox
    let metrics: Metrics
    let readiness: Readiness
    let backend = BackendExecutor(maximum: 64)
    let openConnections: @Sendable () -> Int
    let tiers: StoreTiers?
    let telemetry: RequestTelemetry

    init(
        box: StateBox, metrics: Metrics, readiness: Readiness, tiers: StoreTiers? = nil,
        telemetry: RequestTelemetry = RequestTelemetry(accessLog: false, exporter: nil, sampleRatio: 0),
        openConnections: @escaping @Sendable () -> Int
    ) {
        self.box = box
        self.telemetry = telemetry
        self.tiers = tiers
        self.metrics = metrics
        self.readiness = readiness
        self.openConnections = openConnections
        _ = AuthenticationFailureFloor.shared  // measured off the I/O threads before the first refusal
    }

    func handle(_ request: HTTPRequest, _ response: inout HTTPResponseBuilder) -> HTTPHandlerResult {
        let started = MonotonicClock.now()
        let endpoint = Endpoint.route(request)
        telemetry.begin(request, started: started, &response)
        let result = answer(request, endpoint, &response, started: started)
        // A deferred response records its metrics and finishes its record where it completes;
        // an inline one here, both from one clock read.
        if case .responded = result {
            let ended = MonotonicClock.now()
            metrics.recordRequest(endpoint, status: response.status, nanos: Int(ended &- started))
            telemetry.finish(request, endpoint: endpoint, response, ended: ended)
        }
        return result
    }

    /// The HTTP layer answered a request it could not parse (400, 413, 431): give it a request
    /// id and an access line too.
    func rejected(_ error: HTTPError, peer: PeerAddress, _ response: inout HTTPResponseBuilder) {
        telemetry.rejected(error, peer: peer, &response)
    }

    private func answer(_ request: HTTPRequest, _ endpoint: Endpoint, _ response: inout HTTPResponseBuilder,
                        started: UInt64) -> HTTPHandlerResult {
        guard endpoint.allows(request.method) else {
            methodNotAllowed(endpoint, &response)
            return .responded
        }
        let result: HTTPHandlerResult
        switch endpoint {
        case .token:
            result = token(request, &response, started: started)
        case .introspect:
            result = introspect(request, &response, started: started)
        case .revoke:
            result = revoke(request, &response, started: started)
        case .jwks:
            let state = box.current
            response.addHeader("Content-Type", "application/json")
            response.addHeader("Cache-Control", text: state.jwksCacheControl)
            response.body.append(contentsOf: state.keyRing.jwksJSON)
            result = .responded
        case .metadata:
            response.addHeader("Content-Type", "application/json")
            response.body.append(contentsOf: box.current.metadataJSON)
            result = .responded
        case .healthz:
            response.addHeader("Content-Type", "application/json")
            response.setBody(#"{"status":"ok"}"#)
            result = .responded
        case .readyz:
            readiness.write(into: &response)
            result = .responded
        case .metrics where box.current.config.admin?.metrics == true:
            // `admin.metrics: true`: served on the admin listener only.
            Self.notFound(&response)
            result = .responded
        case .metrics:
            response.addHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            response.body.append(contentsOf: metrics.render(openConnections: openConnections()) { out in
                tiers?.renderMetrics(into: &out)
                tiers?.renderHealth(into: &out)
                telemetry.renderMetrics(into: &out)
                box.current.keys.renderMetrics(into: &out)
            }.utf8)
            result = .responded
        case .statusList, .statusLists:
            result = statusList(request, endpoint, &response, started: started)
        case .notFound:
            Self.notFound(&response)
            result = .responded
        }
        return result
    }

    private func methodNotAllowed(_ endpoint: Endpoint, _ response: inout HTTPResponseBuilder) {
        response.status = 405
        response.addHeader("Allow", endpoint.allow)
        response.addHeader("Content-Type", "application/json")
        if endpoint == .token || endpoint == .introspect || endpoint == .revoke {
            Self.addNoStore(&response)
        }
        response.setBody(#"{"error":"method_not_allowed"}"#)
        RequestTelemetry.note(RequestOutcome(error: "method_not_allowed"))
    }

    static func addNoStore(_ response: inout HTTPResponseBuilder) {
        response.addHeaderLines("Cache-Control: no-store\r\nPragma: no-cache\r\n")
    }

    static func unixNow() -> Int64 { Int64(time(nil)) }
}
