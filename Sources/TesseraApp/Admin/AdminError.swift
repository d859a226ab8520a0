/// Every refusal the admin API answers, in its own vocabulary; each knows its status and body
/// (`AdminResponse.error`). Nothing else becomes a status code.
package enum AdminError: Error, Sendable, Equatable {
    /// 401; `presented`: a token was sent but is not valid (error="invalid_token").
    case unauthorized(presented: Bool, String)
    /// 403 insufficient_scope.
    case insufficientScope(String)
    case notFound(String)
    case methodNotAllowed(allow: String)
    /// 400 invalid_client_metadata: a field of the client is wrong (the message names it).
    case invalidMetadata(String)
    /// 400 invalid_request: malformed JSON, a bad query parameter.
    case invalidRequest(String)
    /// 409: the id exists, or the client is a static one.
    case conflict(String)
    case noClientStore
    /// 428.
    case preconditionRequired
    /// 412.
    case preconditionFailed
    /// 503: a store needed to answer is unreachable.
    case unavailable(String)

    var status: Int {
        switch self {
        case .unauthorized: 401
        case .insufficientScope: 403
        case .notFound: 404
        case .methodNotAllowed: 405
        case .invalidMetadata, .invalidRequest: 400
        case .conflict, .noClientStore: 409
        case .preconditionRequired: 428
        case .preconditionFailed: 412
        case .unavailable: 503
        }
    }

    var code: String {
        switch self {
        case .unauthorized: "invalid_token"
        case .insufficientScope: "insufficient_scope"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .invalidMetadata: "invalid_client_metadata"
        case .invalidRequest: "invalid_request"
        case .conflict: "conflict"
        case .noClientStore: "no_client_store"
        case .preconditionRequired: "precondition_required"
        case .preconditionFailed: "precondition_failed"
        case .unavailable: "temporarily_unavailable"
        }
    }

    var description: String {
        switch self {
        case .unauthorized(_, let text), .insufficientScope(let text), .notFound(let text), .invalidMetadata(let text),
             .invalidRequest(let text), .conflict(let text), .unavailable(let text):
            text
        case .methodNotAllowed(let allow): "allowed: \(allow)"
        case .noClientStore: "client writes need PostgreSQL (database:)"
        case .preconditionRequired: "If-Match is required: send the ETag of a GET"
        case .preconditionFailed: "the client changed since that ETag was read"
        }
    }
}
