import TesseraHTTP
import TesseraOAuth

/// The answer of an endpoint that takes a token submission (introspection, revocation): it may
/// stop at client authentication for a slow secret hash.
protocol SubmissionOutcome: Sendable {
    static func failed(_ error: OAuthError) -> Self
    /// The slow hash to run before answering again, when the outcome is deferred.
    var deferredWork: DeferredWork? { get }
}

extension IntrospectionEndpoint.Outcome: SubmissionOutcome {
    var deferredWork: DeferredWork? { if case .deferred(let work) = self { work } else { nil } }
}

extension RevocationEndpoint.Outcome: SubmissionOutcome {
    var deferredWork: DeferredWork? { if case .deferred(let work) = self { work } else { nil } }
}

extension TesseraHandler {
    /// Answers a token submission: parsed here, answered inline (a cache hit, one signature
    /// check), or, when the caller's secret needs a slow hash first, from a backend thread once
    /// the hash has run, by asking `respond` again. `respond` and `write` take the state instead
    /// of capturing it, so the inline path allocates no closure context.
    func answerSubmission<Outcome: SubmissionOutcome>(
        _ request: HTTPRequest, _ response: inout HTTPResponseWriter, started: UInt64,
        endpoint: Endpoint, errors: OAuthError.Endpoint,
        respond: @escaping @Sendable (AppState, TokenSubmission, inout ServerTiming?) -> Outcome,
        write: @escaping @Sendable (Outcome, ServerTiming?, inout HTTPResponseWriter) -> Void
    ) -> HTTPHandlerResult {
        guard let submission = parseSubmission(request, at: errors, &response) else { return .responded }
        RequestTelemetry.noteClient(submission.credentials.id)
        var timing: ServerTiming? = ServerTiming()
        let state = box.current
        let outcome = respond(state, submission, &timing)
        guard let work = outcome.deferredWork else {
            write(outcome, timing, &response)
            return .responded
        }
        return deferSlowHash(work, request: request, endpoint: endpoint, started: started, timing: timing, &response) {
            failure, timing, writer in
            var final = Outcome.failed(failure ?? .temporarilyUnavailable("secret verification did not settle"))
            if failure == nil {
                let again = respond(state, submission, &timing)
                if again.deferredWork == nil { final = again }
            }
            write(final, timing, &writer)
        }
    }
}
