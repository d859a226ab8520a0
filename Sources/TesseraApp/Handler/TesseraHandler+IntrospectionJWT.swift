import TesseraHTTP
import TesseraJOSE
import TesseraOAuth

extension IntrospectionJWT {
    /// True when the Accept header names the JWT response type (case-insensitive, any parameters).
    static func isRequested(_ request: HTTPRequest) -> Bool {
        guard let accept = request.header(.accept) else { return false }
        let wanted = Array(mediaType.utf8)
        guard accept.count >= wanted.count else { return false }
        // Linear enough for a header of at most max_header_bytes: one compare per start offset.
        for start in 0...(accept.count - wanted.count) {
            var matched = true
            for offset in 0..<wanted.count where accept[start + offset] | 0x20 != wanted[offset] | 0x20 {
                matched = false
                break
            }
            if matched { return true }
        }
        return false
    }
}

/// An introspection answer with what its JWT form needs: the caller and the state that signs.
struct IntrospectionJWTAnswer: Sendable {
    var answer: IntrospectionEndpoint.Answer
    var caller: String
    var state: AppState
}

extension TesseraHandler {
    /// POST /oauth/introspect with `Accept: application/token-introspection+jwt`.
    func introspectAsJWT(_ request: HTTPRequest, _ response: inout HTTPResponseBuilder, started: UInt64) -> HTTPHandlerResult {
        answerSubmission(
            request, &response, started: started, endpoint: .introspect, errors: .introspection,
            respond: { state, submission, timing in
                state.introspection.respond(to: submission, now: Self.unixNow(), timing: &timing).map {
                    IntrospectionJWTAnswer(answer: $0, caller: submission.credentials.id, state: state)
                }
            },
            write: { outcome, timing, writer in Self.writeIntrospectionJWT(outcome, timing: timing, into: &writer) })
    }

    static func writeIntrospectionJWT(
        _ outcome: EndpointOutcome<IntrospectionJWTAnswer>, timing: StepTimings?, into response: inout HTTPResponseBuilder
    ) {
        guard case .answered(let jwt) = outcome else {
            writeIntrospection(outcome.map { $0.answer }, timing: timing, into: &response)
            return
        }
        let (state, caller) = (jwt.state, jwt.caller)
        let body = jwt.answer.record?.json ?? IntrospectionRecord.inactiveJSON
        let signed: [UInt8]
        do {
            signed = try IntrospectionJWT.sign(
                response: body, caller: caller, issuer: state.config.issuer, now: unixNow(), signer: state.keyRing.signer.signer)
        } catch {
            writeIntrospection(.failed(.temporarilyUnavailable("the introspection response could not be signed")), timing: timing, into: &response)
            return
        }
        addOAuthHeaders(json: false, timing: timing, into: &response)
        response.addHeaderLines("Content-Type: application/token-introspection+jwt\r\n")
        response.status = 200
        response.body.append(contentsOf: signed)
        RequestTelemetry.note(RequestOutcome(error: nil, authenticated: true, timing: timing))
    }
}
