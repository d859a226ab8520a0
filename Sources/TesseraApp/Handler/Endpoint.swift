import TesseraHTTP

/// The fixed routing table: every path Tessera answers, with the methods it allows.
enum Endpoint: Int, CaseIterable, Sendable {
    case token, introspect, revoke, jwks, metadata, healthz, readyz, metrics, statusList, statusLists, notFound

    var label: String {
        switch self {
        case .token: "token"
        case .introspect: "introspect"
        case .revoke: "revoke"
        case .jwks: "jwks"
        case .metadata: "metadata"
        case .healthz: "healthz"
        case .readyz: "readyz"
        case .metrics: "metrics"
        case .statusList: "status_list"
        case .statusLists: "status_lists"
        case .notFound: "not_found"
        }
    }

    /// The `Allow` value for a 405.
    var allow: StaticString {
        switch self {
        case .token, .introspect, .revoke: "POST"
        default: "GET, HEAD"
        }
    }

    static func route(_ request: HTTPRequest) -> Endpoint {
        let path = request.path
        func matches(_ literal: StaticString) -> Bool { HTTPRequest.bytes(path, equal: literal) }
        switch path.count {
        case 12 where matches("/oauth/token"): return .token
        case 17 where matches("/oauth/introspect"): return .introspect
        case 13 where matches("/oauth/revoke"): return .revoke
        case 13 where matches("/oauth/status"): return .statusLists
        case 22 where matches("/.well-known/jwks.json"): return .jwks
        case 39 where matches("/.well-known/oauth-authorization-server"): return .metadata
        case 8 where matches("/healthz"): return .healthz
        case 7 where matches("/readyz"): return .readyz
        case 8 where matches("/metrics"): return .metrics
        case 15... where HTTPRequest.bytes(UnsafeRawBufferPointer(rebasing: path[..<14]), equal: "/oauth/status/"): return .statusList
        default: return .notFound
        }
    }

    func allows(_ method: HTTPMethod) -> Bool {
        switch self {
        case .token, .introspect, .revoke: method == .post
        case .notFound: true
        default: method == .get || method == .head
        }
    }
}
