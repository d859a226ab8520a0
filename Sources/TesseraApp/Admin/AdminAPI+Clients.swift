import TesseraCore
import TesseraJOSE
import TesseraOAuth

extension AdminAPI {
    static let defaultPageSize = 100
    static let maximumPageSize = 1000

    func listClients(_ call: Call) throws(AdminError) -> AdminResponse {
        let limit = try Self.pageSize(call.request)
        let after = call.request.parameter("after")
        // Static clients merged in by id: the list is every client a token request may name.
        let statics = call.state.config.clients.map(\.id).filter { after == nil || Self.bytesBefore(after!, $0) }
            .compactMap(operations.staticClient)
        let stored = operations.hasStore ? try operations.list(after: after, limit: limit + 1) : []
        let merged = (statics + stored).sorted { Self.bytesBefore($0.id, $1.id) }
        let page = Array(merged.prefix(limit))
        let next: JSONValue = merged.count > limit ? .string(page.last!.id) : .null
        return .json(200, .object([("clients", .array(page.map(\.json))), ("next", next)]))
    }

    func getClient(_ id: String) throws(AdminError) -> AdminResponse {
        guard let view = try find(id) else { throw .notFound("no client \"\(id)\"") }
        return .json(200, view.json, headers: [("ETag", view.etag)])
    }

    func createClient(_ call: inout Call) throws(AdminError) -> (AdminResponse, ClientChange) {
        guard operations.hasStore else { throw .noClientStore }
        let (given, draft) = try ClientDraft.parse(try Self.body(call.request), maxTTL: maximumTokenTTL)
        let id = given ?? Self.generatedID()
        call.target = id
        if operations.staticClient(id) != nil { throw .conflict("client \"\(id)\" is a static client (clients:)") }
        try draft.checkConsistency()
        let (view, secret, change) = try operations.create(id: id, draft: draft)
        guard case .object(var members) = view.json else { throw .unavailable("unreachable") }
        if let secret {
            members.append(("client_secret", .string(secret)))
            members.append(("client_secret_expires_at", .integer(0)))
        }
        return (.json(201, .object(members), headers: [("ETag", view.etag), ("Location", "/admin/clients/\(Self.pathSegment(id))")]),
                change)
    }

    /// PUT (the body is the whole client) or PATCH (a JSON Merge Patch of it), both under `If-Match`.
    /// Every member may change, the auth method too: a move to a key or certificate method drops
    /// the secrets (the old secret is refused), a move to a secret method issues one when the
    /// client has none (answered once, as on create).
    func updateClient(_ id: String, _ call: inout Call, patch: Bool) throws(AdminError) -> (AdminResponse, ClientChange) {
        try requireWritable(id)
        guard let tag = call.request.ifMatch else { throw .preconditionRequired }
        let body = try Self.body(call.request)
        guard let current = try operations.get(id) else { throw .notFound("no client \"\(id)\"") }
        let document = patch ? MergePatch.apply(body, to: current.json) : body
        var (named, draft) = try ClientDraft.parse(document, maxTTL: maximumTokenTTL)
        if let named, !named.utf8.elementsEqual(id.utf8) { throw .invalidMetadata("client_id: cannot be changed (the path names \"\(id)\")") }
        // A PUT naming no method keeps the client's (its secret is not in the document either).
        if !patch, !Self.names(body, "token_endpoint_auth_method") { draft.tokenEndpointAuthMethod = current.draft.tokenEndpointAuthMethod }
        try draft.checkConsistency()
        guard Self.tagMatches(tag, current.etag) else { throw .preconditionFailed }
        // `*` matches whatever is current: no version to hold the write to.
        let version = Self.isWildcard(tag) ? nil : current.version
        let (updated, secret, change) = try operations.replace(
            id, with: draft, changingMethod: draft.changesAuthMethod(from: current.draft), ifVersion: version)
        guard case .object(var members) = updated.json else { throw .unavailable("unreachable") }
        if let secret {
            members.append(("client_secret", .string(secret)))
            members.append(("client_secret_expires_at", .integer(0)))
        }
        return (.json(200, .object(members), headers: [("ETag", updated.etag)]), change)
    }

    func deleteClient(_ id: String, _ call: inout Call) throws(AdminError) -> (AdminResponse, ClientChange) {
        try requireWritable(id)
        return (.noContent(), try operations.delete(id))
    }

    func rotateSecret(_ id: String, _ call: inout Call) throws(AdminError) -> (AdminResponse, ClientChange) {
        try requireWritable(id)
        var keepOld: Int64 = 0
        if !call.request.body.isEmpty {
            guard case .object(let members) = try Self.body(call.request) else { throw .invalidRequest("the body must be a JSON object") }
            for (name, value) in members {
                guard name == "keep_old" else { throw .invalidRequest("\(name): unknown field") }
                if value == .null { continue }
                guard let text = value.stringValue, let duration = Duration(configText: text),
                      duration.components.seconds >= 0, duration.components.seconds <= 366 * 86_400 else {
                    throw .invalidRequest("keep_old: expected a duration like 24h, 30m or 3600s (at most 366d)")
                }
                keepOld = duration.components.seconds
            }
        }
        let (secret, change) = try operations.rotateSecret(id, keepOld: keepOld)
        return (.json(201, .object([("client_secret", .string(secret)), ("client_secret_expires_at", .integer(0))])), change)
    }

    func clientAction(_ id: String, _ action: AdminRoute.ClientAction, _ call: inout Call) throws(AdminError) -> (AdminResponse, ClientChange) {
        switch action {
        case .revokeTokens:
            // Static clients' tokens can be revoked too; the cut needs no client store.
            guard try find(id) != nil else { throw .notFound("no client \"\(id)\"") }
            return (.noContent(), try operations.revokeTokens(id))
        case .disable, .enable:
            try requireWritable(id)
            return (.noContent(), try operations.setDisabled(id, action == .disable))
        }
    }

    /// The longest `token_ttl` a client may ask for: `tokens.max_ttl`.
    var maximumTokenTTL: Int64 { Int64(box.current.config.tokens.maxTTL.components.seconds) }

    /// A stored client may be changed; a static one never (409), and nothing without a store.
    private func requireWritable(_ id: String) throws(AdminError) {
        if operations.staticClient(id) != nil { throw .conflict("client \"\(id)\" is a static client (clients:); change it in the config") }
        guard operations.hasStore else { throw .noClientStore }
    }

    private func find(_ id: String) throws(AdminError) -> ClientView? {
        if let view = operations.staticClient(id) { return view }
        return operations.hasStore ? try operations.get(id) : nil
    }

    private static func names(_ body: JSONValue, _ member: String) -> Bool {
        guard case .object(let members) = body else { return false }
        return members.contains { $0.0 == member }
    }
}
