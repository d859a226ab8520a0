import TesseraCore

extension TokenEndpoint {
    /// What a request is granted, checked against the client, as exact strings.
    struct Grant {
        /// The `scope` claim: the granted scopes sorted and joined by spaces.
        var scope: String
        var audiences: [String]
        /// `audiences` joined by U+001F (the reuse key).
        var audienceKey: String
        /// `GrantDigest` of the client id, `scope` and `audienceKey`: the reuse key's hash.
        var digest: UInt64
        /// The request's client certificate: the token is bound to it (RFC 8705 §3).
        var certificate: ClientCertificate? = nil
        /// The RFC 7638 thumbprint of the DPoP proof's key: the token is bound to it (`cnf.jkt`).
        var proofKey: String? = nil

        func key(for client: Client) -> TokenGrantKey {
            guard let proofKey else {  // every Bearer request: the key as it was before DPoP
                let certificate = certificate?.thumbprint
                return TokenGrantKey(clientID: client.id, scope: scope, audience: audienceKey, binding: certificate,
                                     kind: certificate == nil ? .none : .certificate, unbound: digest)
            }
            let (binding, kind) = BindingKind.of(certificate: certificate?.thumbprint, proofKey: TokenGrantKey.proofKeyDigest(proofKey))
            return TokenGrantKey(clientID: client.id, scope: scope, audience: audienceKey, binding: binding, kind: kind, unbound: digest)
        }
    }

    /// Requested scopes must be a subset of the client's (`invalid_scope`); none requested grants
    /// all. Requested audiences must be a subset of the client's (`invalid_target`). None
    /// requested: the client's audiences among `tokens.default_audience`, or all of the client's
    /// when it holds none of those (or none are configured). Every comparison is on bytes.
    func grant(for request: TokenRequest, client: Client) throws(OAuthError) -> Grant {
        let parts = client.grantParts
        var scope = client.scopeString
        var scopePart = parts.allScopes
        if let requestedScopes = request.requestedScopes {
            // One scope (most requests): the client's own string and its precomputed part.
            if let one = requestedScopes.single, client.scopes.count > 1, let index = Self.sameString(one, in: client.scopes) {
                scope = client.scopes[index]
                scopePart = parts.scopes[index]
            } else {
                let requested = requestedScopes.all
                guard Self.isSubset(requested, of: client.scopes) else {
                    throw OAuthError.invalidScope("requested scope is not allowed for this client")
                }
                if requested.count < client.scopes.count {
                    scope = requested.joined(separator: " ")
                    scopePart = GrantDigest.part(scope)
                }
            }
        }
        guard !client.audiences.isEmpty else {
            throw OAuthError.invalidTarget("no audience is configured for this client")
        }
        var audiences = client.audiences
        var audienceKey = client.audienceKey
        var audiencePart = parts.allAudiences
        if !request.audiences.isEmpty {
            guard Self.isSubset(request.audiences, of: client.audiences) else {
                throw OAuthError.invalidTarget("requested audience is not allowed for this client")
            }
            if request.audiences.count < client.audiences.count {
                audiences = request.audiences
            }
        } else if !settings.defaultAudience.isEmpty {
            let held = Self.intersection(settings.defaultAudience, client.audiences)
            if !held.isEmpty && held.count < client.audiences.count { audiences = held }
        }
        if audiences.count < client.audiences.count {
            audienceKey = TokenGrantKey.audienceKey(audiences)
            audiencePart = GrantDigest.part(audienceKey)
        }
        return Grant(
            scope: scope, audiences: audiences, audienceKey: audienceKey,
            digest: GrantDigest.combine(client: parts.clientID, scope: scopePart, audience: audiencePart))
    }

    /// The position of the very same string (same 16 bytes: for the short strings scopes are,
    /// the same UTF-8) in `items`, else nil; a miss proves nothing, `isSubset` decides then.
    @inline(__always)
    static func sameString(_ item: String, in items: [String]) -> Int? {
        for index in items.indices where String.sameRepresentation(items[index], item) { return index }
        return nil
    }

    /// True when every item of `requested` is in `allowed` (both sorted by bytes, without repeats).
    static func isSubset(_ requested: [String], of allowed: [String]) -> Bool {
        var index = 0
        for item in requested {
            while index < allowed.count && allowed[index].bytesPrecede(item) { index += 1 }
            guard index < allowed.count, allowed[index].bytesEqual(item) else { return false }
            index += 1
        }
        return true
    }

    /// The items in both (each sorted by bytes, without repeats), in that order.
    static func intersection(_ left: [String], _ right: [String]) -> [String] {
        var result: [String] = []
        var (l, r) = (0, 0)
        while l < left.count && r < right.count {
            if left[l].bytesEqual(right[r]) {
                result.append(left[l])
                l += 1
                r += 1
            } else if left[l].bytesPrecede(right[r]) {
                l += 1
            } else {
                r += 1
            }
        }
        return result
    }
}
