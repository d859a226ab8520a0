import TesseraCore
import TesseraHTTP
import TesseraOAuth

extension TesseraHandler {
    /// Answers a request whose phase one was deferred: a backend thread fetches what it needs
    /// and runs phase two (`Deferral.settle`), and the response is completed from there. A slow
    /// hash holds its place in the queue first, so that a full queue (or no backend executor) is
    /// 503 at once, here. `write` renders any outcome. Used by every endpoint that authenticates
    /// clients.
    func answerDeferred<Answer: Sendable>(
        _ deferral: Deferral<Answer>, request: HTTPRequest, endpoint: Endpoint, started: UInt64, timing: StepTimings?,
        _ response: inout HTTPResponseBuilder,
        write: @escaping @Sendable (EndpointOutcome<Answer>, StepTimings?, inout HTTPResponseBuilder) -> Void
    ) -> HTTPHandlerResult {
        let reserved = deferral.need.hashesSlowly
        if reserved, !SlowHashPool.shared.reserve() {
            // Too many slow verifications waiting: fail fast, here, instead of queueing without bound.
            metrics.recordSlowHashRefused()
            write(.failed(SlowHashPool.overloaded), nil, &response)
            return .responded
        }
        guard let handoff = request.deferResponse() else {
            if reserved { SlowHashPool.shared.release() }
            write(.failed(.temporarilyUnavailable("no backend executor")), nil, &response)
            return .responded
        }
        let record = RequestTelemetry.detach(request)
        backend.async { [self] in
            var timing = timing
            let final = deferral.settle(reserved: reserved, timing: &timing)
            complete(handoff, final, timing: timing, record: record, endpoint: endpoint, started: started, write: write)
        }
        return .deferred
    }

    /// Renders an outcome of the token, introspection or revocation endpoint: a 200 whose body
    /// `answer` writes (JSON unless `json` is false), or the OAuth error with its status and
    /// headers. A still deferred outcome is 503.
    static func writeOutcome<Answer>(
        _ outcome: EndpointOutcome<Answer>, at endpoint: OAuthError.Endpoint, json: Bool = true, timing: StepTimings?,
        into response: inout HTTPResponseBuilder, answer: (Answer, inout HTTPResponseBuilder) -> Void
    ) {
        switch outcome {
        case .answered(let value):
            addOAuthHeaders(json: json, timing: timing, into: &response)
            response.status = 200
            answer(value, &response)
        case .failed(let error):
            addOAuthHeaders(json: true, timing: timing, into: &response)
            writeError(error, at: endpoint, into: &response)
        case .deferred:
            addOAuthHeaders(json: true, timing: timing, into: &response)
            writeError(.temporarilyUnavailable("secret verification pending"), at: endpoint, into: &response)
        }
        RequestTelemetry.note(.oauth(outcome, timing: timing))
    }

    /// The headers every response of the token, introspection and revocation endpoints carries.
    static func addOAuthHeaders(json: Bool, timing: StepTimings?, into response: inout HTTPResponseBuilder) {
        // The fixed lines as one literal each, the timing's value and line end in one more
        // append: an append per line or piece cost ~70 instructions (callgrind).
        guard let timing, !timing.isEmpty else {
            if json {
                response.addHeaderLines("Content-Type: application/json\r\nCache-Control: no-store\r\nPragma: no-cache\r\n")
            } else {
                addNoStore(&response)
            }
            return
        }
        if json {
            response.addHeaderLines("Content-Type: application/json\r\nCache-Control: no-store\r\nPragma: no-cache\r\nServer-Timing: ")
        } else {
            response.addHeaderLines("Cache-Control: no-store\r\nPragma: no-cache\r\nServer-Timing: ")
        }
        timing.writeHeaderValue(into: &response.headers, endingLine: true)
    }

    /// Parses an introspection or revocation request, answering the error itself when it fails.
    func parseSubmission(_ request: HTTPRequest, at endpoint: OAuthError.Endpoint, _ response: inout HTTPResponseBuilder) -> TokenSubmission? {
        let parsed: Result<TokenSubmission, OAuthError>
        if let repeated = Self.repeatedFormHeaders(request) {
            parsed = .failure(repeated)
        } else {
            parsed = TokenSubmission.parse(
                contentType: request.header(.contentType), authorization: request.header(.authorization), body: request.body)
        }
        switch parsed {
        case .success(var submission):
            submission.credentials.source = request.client.source
            RequestTelemetry.noteClient(submission.credentials.id)
            // Only a client authenticating with its certificate needs it here.
            if submission.credentials.method == .mutualTLS {
                guard Self.attachCertificate(of: request, to: &submission.credentials, at: endpoint, &response) else { return nil }
            }
            return submission
        case .failure(let error):
            Self.noteNamedClient(request)
            Self.addOAuthHeaders(json: true, timing: nil, into: &response)
            Self.writeError(error, at: endpoint, into: &response)
            return nil
        }
    }

    /// A form post to the token, introspection or revocation endpoint with more than one
    /// Authorization or Content-Type header: which one counts is ambiguous, so it is refused.
    static func repeatedFormHeaders(_ request: HTTPRequest) -> OAuthError? {
        guard request.headerRepeats(.authorization) || request.headerRepeats(.contentType) else { return nil }
        return .invalidRequest("repeated Authorization or Content-Type header")
    }
}
