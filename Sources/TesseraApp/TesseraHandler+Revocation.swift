import TesseraHTTP
import TesseraOAuth

extension TesseraHandler {
    /// POST /oauth/revoke (RFC 7009): 200 with an empty body, or the OAuth error.
    func revoke(_ request: HTTPRequest, _ response: inout HTTPResponseWriter, started: UInt64) -> HTTPHandlerResult {
        guard let submission = parseSubmission(request, at: .revocation, &response) else { return .responded }
        var timing: ServerTiming? = ServerTiming()
        let state = box.current
        let outcome = state.revocation.respond(to: submission, now: Self.unixNow(), timing: &timing)
        guard case .deferred(let work) = outcome else {
            Self.writeRevocation(outcome, timing: timing, into: &response)
            return .responded
        }
        return deferSlowHash(work, request: request, endpoint: .revoke, started: started, timing: timing, &response) {
            failure, timing, writer in
            var final = RevocationEndpoint.Outcome.failed(failure ?? .temporarilyUnavailable("secret verification did not settle"))
            if failure == nil {
                let again = state.revocation.respond(to: submission, now: Self.unixNow(), timing: &timing)
                if case .deferred = again {} else { final = again }
            }
            Self.writeRevocation(final, timing: timing, into: &writer)
        }
    }

    static func writeRevocation(_ outcome: RevocationEndpoint.Outcome, timing: ServerTiming?, into response: inout HTTPResponseWriter) {
        switch outcome {
        case .answered:
            addOAuthHeaders(json: false, timing: timing, into: &response)
            response.status = 200
            response.body.removeAll(keepingCapacity: true)
        case .failed(let error):
            addOAuthHeaders(json: true, timing: timing, into: &response)
            writeError(error, at: .revocation, into: &response)
        case .deferred:
            addOAuthHeaders(json: true, timing: timing, into: &response)
            writeError(.temporarilyUnavailable("secret verification pending"), at: .revocation, into: &response)
        }
    }
}
