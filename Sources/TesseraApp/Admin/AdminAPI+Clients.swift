import TesseraCore
import TesseraJOSE
import TesseraOAuth

extension AdminAPI {
    static let defaultPageSize = 100
    static let maximumPageSize = 1000

    /// The longest `token_ttl` a client may ask for (`tokens.max_ttl`, 24 h by default).
    static let maximumTokenTTL: Int64 = 86_400

    func listClients(_ call: Call) throws(AdminError) -> AdminResponse {
        let limit = try Self.pageSize(call.request)
        let after = call.request.parameter("after")
        // Static clients first merged in by id: the list is every client a token request may name.
        let statics = call.state.config.clients.map(\.id).filter { after == nil || Self.bytesBefore(after!, $0) }
            .compactMap(clients.staticClient)
        let stored = clients.hasStore ? try clients.list(after: after, limit: limit + 1) : []
        let merged = (statics + stored).sorted { Self.bytesBefore($0.id, $1.id) }
        let page = Array(merged.prefix(limit))
        let next: JSONValue = merged.count > limit ? .string(page.last!.id) : .null
        return .json(200, .object([("clients", .array(page.map(\.json))), ("next", next)]))
    }

    func getClient(_ id: String) throws(AdminError) -> AdminResponse {
        guard let view = try find(id) else { throw .notFound("no client \"\(id)\"") }
        return .json(200, view.json, headers: [("ETag", view.etag)])
    }

    func createClient(_ call: inout Call) throws(AdminError) -> (AdminResponse, JSONValue) {
        guard clients.hasStore else { throw .noClientStore }
        let (given, draft) = try ClientDraft.parse(try Self.body(call.request), maxTTL: Self.maximumTokenTTL)
        let id = given ?? Self.generatedID()
        call.target = id
        if clients.staticClient(id) != nil { throw .conflict("client \"\(id)\" is a static client (clients:)") }
        let secret = draft.usesSecret ? Secret.generateWithHash() : nil
        let view = try clients.create(id: id, draft: draft, secretHash: secret?.hash.phcString)
        guard case .object(var members) = view.json else { throw .unavailable("unreachable") }
        if let secret {
            members.append(("client_secret", .string(secret.secret)))
            members.append(("client_secret_expires_at", .integer(0)))
        }
        var changes = view.auditedFields
        if secret != nil { changes.append(("client_secret", .string("(set)"))) }
        return (.json(201, .object(members), headers: [("ETag", view.etag), ("Location", "/admin/clients/\(Self.pathSegment(id))")]),
                AuditChanges.between(nil, changes))
    }

    /// PUT (the body is the whole client) or PATCH (a JSON Merge Patch of it), both under `If-Match`.
    func updateClient(_ id: String, _ call: inout Call, patch: Bool) throws(AdminError) -> (AdminResponse, JSONValue) {
        try requireWritable(id)
        guard let tag = call.request.ifMatch else { throw .preconditionRequired }
        let body = try Self.body(call.request)
        guard let current = try clients.get(id) else { throw .notFound("no client \"\(id)\"") }
        let document = patch ? MergePatch.apply(body, to: current.json) : body
        let (named, draft) = try ClientDraft.parse(document, maxTTL: Self.maximumTokenTTL)
        if let named, !named.utf8.elementsEqual(id.utf8) { throw .invalidMetadata("client_id: cannot be changed (the path names \"\(id)\")") }
        guard Self.tagMatches(tag, current.etag) else { throw .preconditionFailed }
        let updated = try clients.replace(id, with: draft, ifVersion: current.version)
        return (.json(200, updated.json, headers: [("ETag", updated.etag)]),
                AuditChanges.between(current.auditedFields, updated.auditedFields))
    }

    func deleteClient(_ id: String, _ call: inout Call) throws(AdminError) -> (AdminResponse, JSONValue) {
        try requireWritable(id)
        guard let current = try clients.get(id) else { throw .notFound("no client \"\(id)\"") }
        guard try clients.delete(id) else { throw .notFound("no client \"\(id)\"") }
        return (.noContent(), AuditChanges.between(current.auditedFields, nil))
    }

    func rotateSecret(_ id: String, _ call: inout Call) throws(AdminError) -> (AdminResponse, JSONValue) {
        try requireWritable(id)
        var keepOld: Int64 = 0
        if !call.request.body.isEmpty {
            let body = try Self.body(call.request)
            guard case .object(let members) = body else { throw .invalidRequest("the body must be a JSON object") }
            for (name, value) in members {
                guard name == "keep_old" else { throw .invalidRequest("\(name): unknown field") }
                if value == .null { continue }
                guard let text = value.stringValue, let duration = Duration(configText: text),
                      duration.components.seconds <= Self.maximumTokenTTL * 30 else {
                    throw .invalidRequest("keep_old: expected a duration like 24h, 30m or 3600s")
                }
                keepOld = duration.components.seconds
            }
        }
        let (secret, hash) = Secret.generateWithHash()
        guard try clients.rotateSecret(id, newHash: hash.phcString, keepOld: keepOld) else { throw .notFound("no client \"\(id)\"") }
        var changes = AuditChanges.secret("client_secret")
        if keepOld > 0, case .object(var members) = changes {
            members.append(("keep_old", .array([.null, .integer(keepOld)])))
            changes = .object(members)
        }
        return (.json(201, .object([("client_secret", .string(secret)), ("client_secret_expires_at", .integer(0))])), changes)
    }

    func clientAction(_ id: String, _ action: AdminRoute.ClientAction, _ call: inout Call) throws(AdminError) -> (AdminResponse, JSONValue) {
        switch action {
        case .revokeTokens:
            // Static clients' tokens can be revoked too; the cut needs no client store.
            guard try find(id) != nil else { throw .notFound("no client \"\(id)\"") }
            try clients.revokeTokens(id)
            return (.noContent(), .object([]))
        case .disable, .enable:
            try requireWritable(id)
            let disabled = action == .disable
            guard let current = try clients.get(id) else { throw .notFound("no client \"\(id)\"") }
            guard try clients.setDisabled(id, disabled) else { throw .notFound("no client \"\(id)\"") }
            let changes: JSONValue = current.draft.disabled == disabled
                ? .object([]) : .object([("disabled", .array([.bool(!disabled), .bool(disabled)]))])
            return (.noContent(), changes)
        }
    }

    /// A stored client may be changed; a static one never (409), and nothing without a store.
    private func requireWritable(_ id: String) throws(AdminError) {
        if clients.staticClient(id) != nil { throw .conflict("client \"\(id)\" is a static client (clients:); change it in the config") }
        guard clients.hasStore else { throw .noClientStore }
    }

    private func find(_ id: String) throws(AdminError) -> ClientView? {
        if let view = clients.staticClient(id) { return view }
        return clients.hasStore ? try clients.get(id) : nil
    }
}
