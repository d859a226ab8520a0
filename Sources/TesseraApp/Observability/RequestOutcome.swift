import TesseraHTTP
import TesseraOAuth

/// What the access line, the span and the request metrics need to know of an answer, noted as
/// a value by the code that wrote it (`RequestTelemetry.note`): its error code, whether the
/// client it named authenticated, and the steps it took. Nothing reads back the bytes Tessera
/// wrote to learn these.
struct RequestOutcome: Sendable {
    /// The `error` member of the JSON body, when the answer is an error.
    var error: StaticString?
    /// The client the request named authenticated: the span names it (`oauth.client_id`).
    var authenticated = false
    /// The steps of the `Server-Timing` header, for the span's children.
    var timing: StepTimings?

    /// An answer of the token, introspection or revocation endpoint.
    static func oauth<Answer>(_ outcome: EndpointOutcome<Answer>, timing: StepTimings?) -> RequestOutcome {
        switch outcome {
        case .answered: RequestOutcome(error: nil, authenticated: true, timing: timing)
        case .failed(let error): oauth(error, timing: timing)
        case .deferred: RequestOutcome(error: "temporarily_unavailable", authenticated: false, timing: timing)
        }
    }

    static func oauth(_ error: OAuthError, timing: StepTimings?) -> RequestOutcome {
        RequestOutcome(error: error.codeLiteral, authenticated: error.followsAuthentication, timing: timing)
    }

    /// The error code of an answer the HTTP layer wrote itself (`HTTPResponseBuilder.errorResponse`).
    static func http(_ error: HTTPError) -> RequestOutcome {
        let code: StaticString = switch error.status {
        case 400: "invalid_request"
        case 413: "http_413"
        case 417: "http_417"
        case 431: "http_431"
        case 501: "http_501"
        case 505: "http_505"
        default: "http_500"
        }
        return RequestOutcome(error: code)
    }
}
