import TesseraHTTP
import TesseraJOSE
import TesseraOAuth

/// RFC 9701 JWT introspection responses: asked for with `Accept: application/token-introspection+jwt`,
/// answered with a JWT signed by the current signing key, `typ: "token-introspection+jwt"`, claims
/// `iss` (Tessera), `aud` (the calling client), `iat`, and `token_introspection` holding the usual
/// RFC 7662 response. Errors stay JSON.
enum IntrospectionJWT {
    static let mediaType = "application/token-introspection+jwt"
    static let type = "token-introspection+jwt"

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

    /// The signed response for `response` (the RFC 7662 JSON object) to `caller`.
    static func sign(response: [UInt8], caller: String, issuer: String, now: Int64, signer: any JWSSigner) throws(JOSEError) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(response.count + issuer.utf8.count + caller.utf8.count + 80)
        JSONWriter.appendRaw("{\"iss\":", to: &payload)
        JSONWriter.appendString(issuer, to: &payload)
        JSONWriter.appendRaw(",\"aud\":", to: &payload)
        JSONWriter.appendString(caller, to: &payload)
        JSONWriter.appendRaw(",\"iat\":", to: &payload)
        JSONWriter.appendInteger(now, to: &payload)
        JSONWriter.appendRaw(",\"token_introspection\":", to: &payload)
        payload.append(contentsOf: response)
        payload.append(UInt8(ascii: "}"))
        return try JWS.compact(header: JWS.header(type: type, signer: signer), payload: payload, signer: signer)
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
        _ outcome: EndpointOutcome<IntrospectionJWTAnswer>, timing: ServerTiming?, into response: inout HTTPResponseBuilder
    ) {
        guard case .answered(let jwt) = outcome else {
            writeIntrospection(outcome.map(\.answer), timing: timing, into: &response)
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
    }
}
