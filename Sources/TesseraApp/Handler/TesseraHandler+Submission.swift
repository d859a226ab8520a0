import TesseraHTTP
import TesseraOAuth

extension TesseraHandler {
    /// Answers a token submission (introspection, revocation): parsed here, answered inline (a
    /// cache hit, one signature check), or, when the answer is deferred (the caller's slow secret
    /// hash, a client lookup, a durable revocation record), from a backend thread that fetches
    /// what phase one needs and runs phase two (`answerDeferred`). `respond` and `write` take the state instead of
    /// capturing it, so the inline path allocates no closure context.
    func answerSubmission<Answer: Sendable>(
        _ request: HTTPRequest, _ response: inout HTTPResponseBuilder, started: UInt64,
        endpoint: Endpoint, errors: OAuthError.Endpoint,
        respond: @escaping @Sendable (AppState, TokenSubmission, inout StepTimings?) -> EndpointOutcome<Answer>,
        write: @escaping @Sendable (EndpointOutcome<Answer>, StepTimings?, inout HTTPResponseBuilder) -> Void
    ) -> HTTPHandlerResult {
        guard let submission = parseSubmission(request, at: errors, &response) else { return .responded }
        let state = box.current
        // `local` is measured once: phase one from the request's start (parsing included, no
        // second clock read), less the steps it names (a verification).
        var timing: StepTimings? = .beginningLocal()
        let outcome = respond(state, submission, &timing)
        timing?.endLocal(since: started)
        guard case .deferred(let deferral) = outcome else {
            return answerInline(
                outcome, timing: timing, request: request, endpoint: endpoint, started: started, &response, write: write)
        }
        return answerDeferred(deferral, request: request, endpoint: endpoint, started: started, timing: timing, &response, write: write)
    }
}
