import TesseraCore
import TesseraHTTP
import TesseraOAuth

extension TesseraHandler {
    /// POST /oauth/token (RFC 6749 §4.4). Phase one answers inline from caches; what it cannot
    /// (a slow secret hash, a client lookup that misses the local tier, a jti claimed in Redis,
    /// the token shared through Redis, a status list block) is fetched on the backend queue and
    /// phase two completes the response from there (`answerDeferred`).
    func token(_ request: HTTPRequest, _ response: inout HTTPResponseBuilder, started: UInt64) -> HTTPHandlerResult {
        if let repeated = Self.repeatedFormHeaders(request) {
            Self.write(.failed(repeated), timing: nil, into: &response)
            return .responded
        }
        // Parsed straight into its variable: through a `Result` the request (credentials, scopes)
        // was copied out and the copy destroyed (callgrind: ~600 instructions).
        var tokenRequest: TokenRequest
        do throws(OAuthError) {
            tokenRequest = try TokenRequest.parseThrowing(
                contentType: request.header(.contentType), authorization: request.header(.authorization), body: request.body)
        } catch {
            Self.noteNamedClient(request)
            Self.write(.failed(error), timing: nil, into: &response)
            return .responded
        }
        RequestTelemetry.noteClient(tokenRequest.credentials.id)
        // Any method: a certificate presented binds the token (RFC 8705 §3).
        guard Self.attachCertificate(of: request, to: &tokenRequest.credentials, at: .token, &response) else { return .responded }
        tokenRequest.credentials.source = request.client.source
        // One header lookup when there is no proof.
        var proof: PresentedProof? = nil
        if let header = request.header(.dpop) {
            guard !request.headerRepeats(.dpop) else {
                Self.write(.failed(.invalidRequest("more than one DPoP header")), timing: nil, into: &response)
                return .responded
            }
            proof = PresentedProof(Array(header))
        }
        let state = box.current
        // `local` is measured once: phase one from the request's start (parsing included, no
        // second clock read), less the steps it names (a signature).
        var timing: StepTimings? = .beginningLocal()
        let outcome = state.tokens.respond(to: tokenRequest, now: Self.unixNow(), timing: &timing, proof: proof)
        timing?.endLocal(since: started)
        // One consuming switch: matching the outcome again (`guard case`, `isRefusal`, then the
        // writer's own switch) copied and destroyed it four times each (callgrind: ~1,000
        // instructions a request through its value witnesses).
        switch consume outcome {
        case .answered(let token):
            Self.writeAnswer(token, timing: timing, into: &response)
            return .responded
        case .deferred(let deferral):
            return answerDeferred(
                deferral, request: request, endpoint: .token, started: started, timing: timing, &response,
                write: { outcome, timing, writer in Self.write(outcome, timing: timing, into: &writer) })
        case .failed(let error):
            // The common answer is written here: making the escaping `write` closure that a held
            // refusal needs allocated a context on every request (callgrind: +150 instructions).
            guard case .invalidClient = error else {
                Self.addOAuthHeaders(json: true, timing: timing, into: &response)
                Self.writeError(error, at: .token, timing: timing, into: &response)
                return .responded
            }
            return answerInline(.failed(error), timing: timing, request: request, endpoint: .token, started: started, &response,
                                write: { outcome, timing, writer in Self.write(outcome, timing: timing, into: &writer) })
        }
    }

    /// A request refused before its credentials were read still names its client in the access line.
    static func noteNamedClient(_ request: HTTPRequest) {
        let named = ClientCredentials.named(
            contentType: request.header(.contentType), authorization: request.header(.authorization), body: request.body)
        if let named { RequestTelemetry.noteClient(named) }
    }

    /// Renders a token outcome: 200 with the token, or the OAuth error with its status and headers.
    static func write(_ outcome: TokenEndpoint.Outcome, timing: StepTimings?, into response: inout HTTPResponseBuilder) {
        writeOutcome(outcome, at: .token, timing: timing, into: &response) { token, response in
            writeToken(token, into: &response)
        }
    }

    /// The 200 of a token answered inline: what `writeOutcome` does for `.answered`, without an
    /// outcome to copy.
    static func writeAnswer(_ token: TokenResponse, timing: StepTimings?, into response: inout HTTPResponseBuilder) {
        addOAuthHeaders(json: true, timing: timing, into: &response)
        response.status = 200
        writeToken(token, into: &response)
        RequestTelemetry.note(RequestOutcome(error: nil, authenticated: true, timing: timing))
    }

    static func writeToken(_ token: TokenResponse, into response: inout HTTPResponseBuilder) {
        if let nonce = token.dpopNonce { response.addHeader("DPoP-Nonce", text: nonce) }
        token.writeJSON(into: &response.body)
    }

    static func writeError(_ error: OAuthError, at endpoint: OAuthError.Endpoint, into response: inout HTTPResponseBuilder) {
        writeError(error, at: endpoint, timing: nil, into: &response)
    }

    /// The error answer, noted with `timing` (the steps the request took before it failed).
    static func writeError(
        _ error: OAuthError, at endpoint: OAuthError.Endpoint, timing: StepTimings?, into response: inout HTTPResponseBuilder
    ) {
        response.status = error.status(at: endpoint)
        if let challenge = error.wwwAuthenticate { response.addHeader("WWW-Authenticate", text: challenge) }
        if let retryAfter = error.retryAfter { response.addHeader("Retry-After", retryAfter) }
        if let nonce = error.dpopNonce { response.addHeader("DPoP-Nonce", text: nonce) }
        response.body.removeAll(keepingCapacity: true)
        error.writeJSON(into: &response.body)
        RequestTelemetry.note(.oauth(error, timing: timing))
    }
}
