import TesseraHTTP
import TesseraOAuth

extension TesseraHandler {
    /// POST /oauth/token (RFC 6749 §4.4). A slow secret hash runs on the slow-hash pool and the
    /// response is completed from there (503 with Retry-After when its queue is full); everything
    /// else is answered inline.
    func token(_ request: HTTPRequest, _ response: inout HTTPResponseWriter, started: UInt64) -> HTTPHandlerResult {
        var timing: ServerTiming? = ServerTiming()
        if request.headerCount("authorization") > 1 || request.headerCount("content-type") > 1 {
            Self.write(.failed(.invalidRequest("repeated Authorization or Content-Type header")), timing: nil, into: &response)
            return .responded
        }
        let parsed = TokenRequest.parse(
            contentType: request.header("content-type"), authorization: request.header("authorization"), body: request.body)
        let tokenRequest: TokenRequest
        switch parsed {
        case .failure(let error):
            Self.write(.failed(error), timing: nil, into: &response)
            return .responded
        case .success(let value):
            tokenRequest = value
        }
        let state = box.current
        let outcome = state.tokens.respond(to: tokenRequest, now: Self.unixNow(), timing: &timing)
        guard case .deferred(let work) = outcome else {
            Self.write(outcome, timing: timing, into: &response)
            return .responded
        }
        guard let deferral = request.deferResponse() else {
            Self.write(.failed(.temporarilyUnavailable("no backend executor")), timing: nil, into: &response)
            return .responded
        }
        let metrics = self.metrics
        let timingSoFar = timing
        let queued = slowHashes.submit {
            var timing = timingSoFar
            let final: TokenOutcome
            switch work.run() {
            case .retry:
                work.recordTiming(into: &timing)
                let again = state.tokens.respond(to: tokenRequest, now: Self.unixNow(), timing: &timing)
                if case .deferred = again {
                    final = .failed(.temporarilyUnavailable("secret verification did not settle"))
                } else {
                    final = again
                }
            case .fail(let error):
                work.recordTiming(into: &timing)
                final = .failed(error)
            }
            deferral.complete { writer in
                Self.write(final, timing: timing, into: &writer)
                metrics.recordRequest(.token, status: writer.status, nanos: Int(MonotonicClock.now() &- started))
            }
        }
        guard queued else {
            // Too many slow verifications waiting: fail fast instead of queueing without bound.
            metrics.recordSlowHashRefused()
            deferral.complete { writer in
                Self.write(.failed(Self.hashQueueFull), timing: nil, into: &writer)
                writer.addHeader("Retry-After", "1")
                metrics.recordRequest(.token, status: writer.status, nanos: Int(MonotonicClock.now() &- started))
            }
            return .deferred
        }
        return .deferred
    }

    static let hashQueueFull = OAuthError.temporarilyUnavailable("too many secret verifications in progress; retry shortly")

    /// Renders a token outcome: 200 with the token, or the OAuth error with its status and headers.
    static func write(_ outcome: TokenOutcome, timing: ServerTiming?, into response: inout HTTPResponseWriter) {
        response.addHeader("Content-Type", "application/json")
        addNoStore(&response)
        if let timing, !timing.isEmpty {
            response.headers.append(contentsOf: "Server-Timing: ".utf8)
            timing.writeHeaderValue(into: &response.headers)
            response.headers.append(contentsOf: "\r\n".utf8)
        }
        switch outcome {
        case .issued(let token):
            response.status = 200
            token.writeJSON(into: &response.body)
        case .failed(let error):
            writeError(error, at: .token, into: &response)
        case .deferred:
            writeError(.temporarilyUnavailable("secret verification pending"), at: .token, into: &response)
        }
    }

    static func writeError(_ error: OAuthError, at endpoint: OAuthError.Endpoint, into response: inout HTTPResponseWriter) {
        response.status = error.status(at: endpoint)
        if let challenge = error.wwwAuthenticate { response.addHeader("WWW-Authenticate", challenge) }
        if let retryAfter = error.retryAfter { response.addHeader("Retry-After", retryAfter) }
        response.body.removeAll(keepingCapacity: true)
        error.writeJSON(into: &response.body)
    }
}
