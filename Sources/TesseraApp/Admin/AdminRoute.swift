import TesseraHTTP
import TesseraOAuth

/// The admin API's routing table: a path under `/admin/` and a method to one operation.
enum AdminRoute: Equatable {
    enum ClientAction: String { case revokeTokens = "revoke-tokens", disable, enable }

    case listClients, createClient
    case getClient(String), replaceClient(String), patchClient(String), deleteClient(String)
    case rotateSecret(String)
    case clientAction(String, ClientAction)
    case listKeys, rotateKeys
    case audit
    case openAPI

    /// The route, or the error a path or method gets: 404 for an unknown path (or an id that is
    /// not UTF-8), 405 with `Allow` for a known path and another method.
    static func resolve(_ method: HTTPMethod, _ segments: [[UInt8]]) -> Result<AdminRoute, AdminError> {
        let parts = segments.map { String(validating: $0, as: UTF8.self) }
        guard !parts.contains(where: { $0 == nil }) else { return .failure(.notFound("no such client")) }
        let path = parts.map { $0! }
        let read = method == .get || method == .head
        func allow(_ allowed: String, _ pick: () -> AdminRoute?) -> Result<AdminRoute, AdminError> {
            pick().map { .success($0) } ?? .failure(.methodNotAllowed(allow: allowed))
        }
        switch path.count {
        case 1 where path[0] == "clients":
            return allow("GET, HEAD, POST") { read ? .listClients : method == .post ? .createClient : nil }
        case 1 where path[0] == "keys": return allow("GET, HEAD") { read ? .listKeys : nil }
        case 1 where path[0] == "audit": return allow("GET, HEAD") { read ? .audit : nil }
        case 1 where path[0] == "openapi.json": return allow("GET, HEAD") { read ? .openAPI : nil }
        case 2 where path[0] == "keys" && path[1] == "rotate": return allow("POST") { method == .post ? .rotateKeys : nil }
        case 2 where path[0] == "clients" && !path[1].isEmpty:
            let id = path[1]
            // An id rule 4 refuses names no client: nothing is looked up for it.
            if ClientIdentifier.problem(id) != nil { return .failure(.notFound("no such client")) }
            return allow("GET, HEAD, PUT, PATCH, DELETE") {
                switch method {
                case .get, .head: .getClient(id)
                case .put: .replaceClient(id)
                case .patch: .patchClient(id)
                case .delete: .deleteClient(id)
                default: nil
                }
            }
        case 3 where path[0] == "clients" && !path[1].isEmpty:
            let id = path[1]
            if ClientIdentifier.problem(id) != nil { return .failure(.notFound("no such client")) }
            if path[2] == "secrets" { return allow("POST") { method == .post ? .rotateSecret(id) : nil } }
            guard let action = ClientAction(rawValue: path[2]) else { return .failure(.notFound("no such route")) }
            return allow("POST") { method == .post ? .clientAction(id, action) : nil }
        default:
            return .failure(.notFound("no such route"))
        }
    }

    /// Whether the route changes something (needs `tessera:admin`, gets an audit record).
    var isWrite: Bool {
        switch self {
        case .listClients, .getClient, .listKeys, .audit, .openAPI: false
        default: true
        }
    }
}
