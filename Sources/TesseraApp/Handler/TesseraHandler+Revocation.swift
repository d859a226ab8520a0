import TesseraHTTP
import TesseraOAuth

extension TesseraHandler {
    /// POST /oauth/revoke (RFC 7009): 200 with an empty body, or the OAuth error.
    func revoke(_ request: HTTPRequest, _ response: inout HTTPResponseBuilder, started: UInt64) -> HTTPHandlerResult {
        answerSubmission(
            request, &response, started: started, endpoint: .revoke, errors: .revocation,
            respond: { state, submission, timing in state.revocation.respond(to: submission, now: Self.unixNow(), timing: &timing) },
            write: { outcome, timing, writer in Self.writeRevocation(outcome, timing: timing, into: &writer) })
    }

    static func writeRevocation(_ outcome: RevocationEndpoint.Outcome, timing: StepTimings?, into response: inout HTTPResponseBuilder) {
        writeOutcome(outcome, at: .revocation, json: false, timing: timing, into: &response) { _, response in
            response.body.removeAll(keepingCapacity: true)
        }
    }
}
