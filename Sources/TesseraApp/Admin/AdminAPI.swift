import TesseraConfig
import TesseraJOSE

/// The admin API without sockets: an `AdminRequest` in, an `AdminResponse` out, run on a backend
/// thread. Authenticates, routes, validates, calls the shared operations (`AdminOperations`:
/// `ClientOperations`, `KeyAdministration`) and writes the audit record of every write and every refusal.
final class AdminAPI: Sendable {
    let box: StateBox
    let operations: AdminOperations
    let audit: AuditTrail
    /// `admin.metrics: true`: the Prometheus text of `/metrics`; nil: not served here.
    let metrics: (@Sendable () -> String)?

    init(box: StateBox, operations: AdminOperations, audit: AuditTrail, metrics: (@Sendable () -> String)?) {
        self.box = box
        self.operations = operations
        self.audit = audit
        self.metrics = metrics
    }

    /// What one call needs beyond the request: who made it, for its audit record.
    struct Call {
        var request: AdminRequest
        var actor: String
        var state: AppState
        var target: String = ""
    }

    func respond(_ request: AdminRequest, rawPath: String) -> AdminResponse {
        guard let segments = request.segments else {
            if let metrics, rawPath == "/metrics", request.method == .get || request.method == .head {
                var response = AdminResponse(status: 200, body: Array(metrics().utf8))
                response.contentType = "text/plain; version=0.0.4; charset=utf-8"
                return response
            }
            return .error(.notFound("no such route"))
        }
        let route: AdminRoute
        switch AdminRoute.resolve(request.method, segments) {
        case .success(let found): route = found
        case .failure(let error): return .error(error)
        }
        // The document describes the API; tools load it before they hold a token.
        if route == .openAPI { return AdminResponse(status: 200, body: AdminOpenAPI.document) }
        let state = box.current
        var call = Call(request: request, actor: "anonymous", state: state, target: rawPath)
        let principal: AdminPrincipal
        do throws(AdminError) {
            principal = try AdminPrincipal.authenticate(
                request.authorization, method: route.isWrite ? .write : .read, state: state,
                audience: state.config.admin?.audience ?? AdminConfig.defaultAudience, actor: &call.actor)
        } catch {
            if case .unavailable = error { return .error(error) }
            try? record(call, .adminDenied, result: .denied)
            return .error(error)
        }
        call.actor = principal.clientID
        do throws(AdminError) {
            return try dispatch(route, &call)
        } catch {
            return .error(error)
        }
    }

    private func dispatch(_ route: AdminRoute, _ call: inout Call) throws(AdminError) -> AdminResponse {
        switch route {
        case .listClients: return try listClients(call)
        case .getClient(let id): return try getClient(id)
        case .createClient: return try audited(&call, .clientCreate, target: "") { call throws(AdminError) in Self.audit(try createClient(&call)) }
        case .replaceClient(let id):
            return try audited(&call, .clientUpdate, target: id) { call throws(AdminError) in Self.audit(try updateClient(id, &call, patch: false)) }
        case .patchClient(let id):
            return try audited(&call, .clientUpdate, target: id) { call throws(AdminError) in Self.audit(try updateClient(id, &call, patch: true)) }
        case .deleteClient(let id):
            return try audited(&call, .clientDelete, target: id) { call throws(AdminError) in Self.audit(try deleteClient(id, &call)) }
        case .rotateSecret(let id):
            return try audited(&call, .clientSecretRotate, target: id) { call throws(AdminError) in Self.audit(try rotateSecret(id, &call)) }
        case .clientAction(let id, let action):
            let kind: AuditTrail.Action = switch action {
            case .revokeTokens: .clientRevokeTokens
            case .disable: .clientDisable
            case .enable: .clientEnable
            }
            return try audited(&call, kind, target: id) { call throws(AdminError) in Self.audit(try clientAction(id, action, &call)) }
        case .listKeys: return try listKeys()
        case .rotateKeys: return try audited(&call, .keyRotate, target: "") { call throws(AdminError) in try rotateKeys(&call) }
        case .audit: return try queryAudit(call.request)
        case .openAPI: return AdminResponse(status: 200, body: AdminOpenAPI.document)
        }
    }

    /// Runs a write and records it: `ok` with the changes it reports, or `error` when it failed.
    /// A change whose record cannot be stored still stands (it was applied); the failure is logged.
    private func audited(_ call: inout Call, _ action: AuditTrail.Action, target: String,
                         _ body: (inout Call) throws(AdminError) -> (AdminResponse, JSONValue)) throws(AdminError) -> AdminResponse {
        call.target = target
        do {
            let (response, changes) = try body(&call)
            try? record(call, action, result: .ok, changes: changes)
            return response
        } catch {
            try? record(call, action, result: .error)
            throw error
        }
    }

    /// A client operation's answer with its `ClientChange` as the record's `changes`.
    static func audit(_ outcome: (AdminResponse, ClientChange)) -> (AdminResponse, JSONValue) {
        (outcome.0, AuditChanges.of(outcome.1))
    }

    func record(_ call: Call, _ action: AuditTrail.Action, result: AuditTrail.Result, changes: JSONValue = .object([])) throws(AdminError) {
        try audit.record(actor: call.actor, source: call.request.source, requestID: call.request.requestID, action: action,
                         target: call.target, result: result, changes: changes)
    }
}
