import TesseraHTTP
import TesseraOAuth

extension TesseraHandler {
    /// POST /oauth/introspect (RFC 7662). Answered inline -- a cache hit or one signature check --
    /// unless the caller's authentication must leave the I/O thread first (a slow hash, a lookup).
    func introspect(_ request: HTTPRequest, _ response: inout HTTPResponseBuilder, started: UInt64) -> HTTPHandlerResult {
        if IntrospectionJWT.isRequested(request) { return introspectAsJWT(request, &response, started: started) }
        return answerSubmission(
            request, &response, started: started, endpoint: .introspect, errors: .introspection,
            respond: { state, submission, timing in state.introspection.respond(to: submission, now: Self.unixNow(), timing: &timing) },
            write: { outcome, timing, writer in Self.writeIntrospection(outcome, timing: timing, into: &writer) })
    }

    /// 200 with the active answer or `{"active":false}`, else the OAuth error (403 for a client
    /// without `introspect`).
    static func writeIntrospection(_ outcome: IntrospectionEndpoint.Outcome, timing: StepTimings?, into response: inout HTTPResponseBuilder) {
        writeOutcome(outcome, at: .introspection, timing: timing, into: &response) { answer, response in
            response.body.append(contentsOf: answer.record?.json ?? IntrospectionRecord.inactiveJSON)
        }
    }
}
