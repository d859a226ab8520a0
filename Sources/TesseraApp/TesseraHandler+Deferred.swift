import TesseraCore
import TesseraHTTP
import TesseraOAuth

extension TesseraHandler {
    /// Runs a slow secret hash (on `SlowHashPool`, waited for by a backend thread) and completes
    /// the response from there; answers 503 at once when the pool's queue is full. `finish`
    /// builds the response: with nil when the verification is now memoized (answer the request
    /// again, it will authenticate with a cheap HMAC), or with the error to answer. Used by every
    /// endpoint that authenticates clients.
    func deferSlowHash(
        _ work: DeferredWork, request: HTTPRequest, endpoint: Endpoint, started: UInt64, timing: ServerTiming?,
        _ response: inout HTTPResponseWriter,
        finish: @escaping @Sendable (_ failure: OAuthError?, _ timing: inout ServerTiming?, _ response: inout HTTPResponseWriter) -> Void
    ) -> HTTPHandlerResult {
        guard work.reservePlace() else {
            // Too many slow verifications waiting: fail fast, here, instead of queueing without bound.
            metrics.recordSlowHashRefused()
            var none: ServerTiming? = nil
            finish(SlowHashPool.overloaded, &none, &response)
            return .responded
        }
        guard let deferral = request.deferResponse() else {
            work.releasePlace()
            var none: ServerTiming? = nil
            finish(.temporarilyUnavailable("no backend executor"), &none, &response)
            return .responded
        }
        let metrics = self.metrics
        let telemetry = self.telemetry
        let record = RequestTelemetry.detach(request)
        backend.async {
            var timing = timing
            let resolution = work.run()
            work.recordTiming(into: &timing)
            let failure: OAuthError? = if case .fail(let error) = resolution { error } else { nil }
            deferral.complete { writer in
                record?.addHeader(to: &writer)
                finish(failure, &timing, &writer)
                metrics.recordRequest(endpoint, status: writer.status, nanos: Int(MonotonicClock.now() &- started))
                if let record { telemetry.finish(record, endpoint: endpoint, writer) }
            }
        }
        return .deferred
    }

    /// The headers every response of the token, introspection and revocation endpoints carries.
    static func addOAuthHeaders(json: Bool, timing: ServerTiming?, into response: inout HTTPResponseWriter) {
        if json { response.addHeaderLines("Content-Type: application/json\r\n") }
        addNoStore(&response)
        if let timing, !timing.isEmpty {
            response.headers.append(contentsOf: "Server-Timing: ".utf8)
            timing.writeHeaderValue(into: &response.headers)
            response.headers.append(contentsOf: "\r\n".utf8)
        }
    }

    /// Parses an introspection or revocation request, answering the error itself when it fails.
    func parseSubmission(_ request: HTTPRequest, at endpoint: OAuthError.Endpoint, _ response: inout HTTPResponseWriter) -> TokenSubmission? {
        let parsed: Result<TokenSubmission, OAuthError>
        if request.headerCount("authorization") > 1 || request.headerCount("content-type") > 1 {
            parsed = .failure(.invalidRequest("repeated Authorization or Content-Type header"))
        } else {
            parsed = TokenSubmission.parse(
                contentType: request.header("content-type"), authorization: request.header("authorization"), body: request.body)
        }
        switch parsed {
        case .success(var submission):
            // Only a client authenticating with its certificate needs it here.
            if submission.credentials.method == .mutualTLS {
                guard Self.attachCertificate(of: request, to: &submission.credentials, at: endpoint, &response) else { return nil }
            }
            return submission
        case .failure(let error):
            Self.addOAuthHeaders(json: true, timing: nil, into: &response)
            Self.writeError(error, at: endpoint, into: &response)
            return nil
        }
    }
}
