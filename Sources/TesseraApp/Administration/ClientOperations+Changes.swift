import TesseraCore
import TesseraOAuth
import TesseraStore

extension ClientOperations {
    /// Changes what `update` names; the rest stays (new keys or certificate names leave a secret
    /// working). A changed scope, audience or ttl gives the client a new version: its next token
    /// request gets a fresh token.
    package func update(_ id: String, _ update: ClientUpdate) throws(ClientOperationError) -> ClientChange {
        guard !update.isEmpty else { throw .invalid("nothing to change: name at least one field") }
        return try change(id, action: "client.update") { (record: inout ClientRecord, _: Int64) throws(ClientOperationError) in
            if let scopes = update.scopes { record.scopes = scopes }
            if let audiences = update.audiences { record.audiences = audiences }
            if let introspect = update.introspect { record.introspect = introspect }
            if let ttl = update.tokenTTLSeconds { record.policy.tokenTTLSeconds = ttl }
            if let jwks = update.jwks { record.jwks = jwks }
            if let methods = update.certificateMethods { record.certificateMethods = methods }
            if update.rps != nil || update.burst != nil {
                guard let rps = update.rps ?? record.policy.rate?.rps else {
                    throw .invalid("--burst needs --rps: the client has no rate of its own yet")
                }
                record.policy.rate = ClientRate(rps: rps, burst: update.burst ?? record.policy.rate?.burst ?? 0)
            }
        }
    }

    /// Every endpoint refuses the client ("client is disabled") on every node within 1 s; with
    /// `revokeTokens`, its tokens issued so far are cut in the same transaction.
    package func disable(_ id: String, revokeTokens: Bool = false) throws(ClientOperationError) -> ClientChange {
        try change(id, action: "client.disable", cut: revokeTokens) { (record: inout ClientRecord, _: Int64) throws(ClientOperationError) in
            record.policy.disabled = true
        }
    }

    package func enable(_ id: String) throws(ClientOperationError) -> ClientChange {
        try change(id, action: "client.enable") { (record: inout ClientRecord, _: Int64) throws(ClientOperationError) in
            record.policy.disabled = false
        }
    }

    /// Adds a new secret (returned, to be printed once). The previous ones keep working for
    /// `keepOldSeconds` (never longer than they already would), nil or 0: they stop at once; a
    /// sixth secret drops the oldest. Issued tokens stay valid unless `revokeTokens`, but reuse
    /// no longer hands them out (the client's version moves on).
    package func rotateSecret(
        _ id: String, keepOldSeconds: Int64? = nil, revokeTokens: Bool = false, secret: NewSecret = .generate
    ) throws(ClientOperationError) -> (ClientChange, String?) {
        if let keepOldSeconds, keepOldSeconds < 0 { throw .invalid("--keep-old must not be negative") }
        var printed: String? = nil
        let hash: String
        switch secret {
        case .generate:
            let generated = Secret.generateWithHash()
            printed = generated.secret
            hash = generated.hash.phcString
        case .chosen(let bytes): hash = SecretHash.makePBKDF2(secret: bytes).phcString
        case .none: throw .invalid("rotate-secret needs a new secret")
        }
        let change = try change(id, action: "client.secret.rotate", cut: revokeTokens) {
            (record: inout ClientRecord, now: Int64) throws(ClientOperationError) in
            record.secrets = StoredSecret.rotated(
                record.secrets, new: StoredSecret(hash: hash), until: keepOldSeconds.map { now + $0 }, now: now)
        }
        return (change, printed)
    }

    /// Reads the row locked, applies `modify`, checks and writes the result, and records a cut
    /// when asked, all in one transaction; then announces what changed.
    func change(
        _ id: String, action: String, cut: Bool = false,
        _ modify: (inout ClientRecord, Int64) throws(ClientOperationError) -> Void
    ) throws(ClientOperationError) -> ClientChange {
        guard !isStatic(id) else { throw .staticClient(id) }
        let now = Self.now()
        let (before, after, notBefore) = try transaction { connection throws(ClientOperationError) in
            guard let before = try store({ () throws(StoreError) in try table.findForUpdate(id: id, on: connection) }) else {
                throw .unknownClient(id)
            }
            var after = before
            try modify(&after, now)
            try check(after)
            if after != before { _ = try store { () throws(StoreError) in try table.update(after, on: connection) } }
            var notBefore: Int64? = nil
            if cut {
                notBefore = try store { () throws(StoreError) in
                    try ClientCut.record(clientID: id, notBefore: now, expiresAt: now + cutLifetime, mode: .after, on: connection)
                }
            }
            return (before, after, notBefore)
        }
        var change = ClientChange(action: action, target: id, fields: Self.diff(before, after))
        if after != before { announce(id, into: &change) }
        if let notBefore {
            change.fields.append(.init(name: "tokens_not_before", before: nil, after: String(notBefore)))
            announceCut(id, notBefore: notBefore, into: &change)
            ClientCut.waitOut(second: notBefore)
        }
        return change
    }
}
