extension TokenEndpoint {
    /// What a request is granted, checked against the client.
    struct Grant {
        /// Bits over `client.scopes`; all set bits when everything is granted.
        var scopeMask: UInt64
        var scopes: [String]?  // nil: all of the client's scopes
        var audienceMask: UInt64
        var audiences: [String]
        var defaultAudience: Bool
        /// False when the client has more than 64 scopes or audiences: such grants are not reused.
        var reusable: Bool
        /// The request's client certificate: the token is bound to it (RFC 8705 §3).
        var certificate: ClientCertificate?

        func scopeString(for client: Client) -> String {
            scopes.map { $0.joined(separator: " ") } ?? client.scopeString
        }

        func key(for client: Client) -> TokenGrantKey? {
            guard reusable else { return nil }
            var key = TokenGrantKey(
                clientID: client.id, scopes: scopeMask, audiences: audienceMask, defaultAudience: defaultAudience)
            key.certificate = certificate?.thumbprint
            return key
        }
    }

    /// Requested scopes must be a subset of the client's (`invalid_scope`); none requested grants
    /// all. Requested audiences must be a subset of the client's (`invalid_target`); none requested
    /// gets `defaultAudience` when set, else all of the client's.
    func grant(for request: TokenRequest, client: Client) throws(OAuthError) -> Grant {
        let reusable = client.scopes.count <= 64 && client.audiences.count <= 64
        var scopeMask: UInt64 = 0
        var scopes: [String]? = nil
        if let requested = request.scopes {
            guard let mask = Self.subsetMask(requested, of: client.scopes) else {
                throw OAuthError.invalidScope("requested scope is not allowed for this client")
            }
            scopeMask = mask
            if requested.count < client.scopes.count { scopes = requested }
        }
        if scopes == nil { scopeMask = Self.fullMask(client.scopes.count) }

        if !request.audiences.isEmpty {
            guard let mask = Self.subsetMask(request.audiences, of: client.audiences) else {
                throw OAuthError.invalidTarget("requested audience is not allowed for this client")
            }
            return Grant(
                scopeMask: scopeMask, scopes: scopes, audienceMask: mask,
                audiences: request.audiences.count == client.audiences.count ? client.audiences : request.audiences,
                defaultAudience: false, reusable: reusable)
        }
        if !settings.defaultAudience.isEmpty {
            return Grant(
                scopeMask: scopeMask, scopes: scopes, audienceMask: 0, audiences: settings.defaultAudience,
                defaultAudience: true, reusable: reusable)
        }
        guard !client.audiences.isEmpty else {
            throw OAuthError.invalidTarget("no audience is configured for this client")
        }
        return Grant(
            scopeMask: scopeMask, scopes: scopes, audienceMask: Self.fullMask(client.audiences.count),
            audiences: client.audiences, defaultAudience: false, reusable: reusable)
    }

    /// Bits of `allowed` (both sorted, without repeats) that `requested` names, or nil when it names
    /// something outside. Bits past 63 are not recorded (such grants are not reusable).
    static func subsetMask(_ requested: [String], of allowed: [String]) -> UInt64? {
        var mask: UInt64 = 0
        var index = 0
        for item in requested {
            while index < allowed.count && allowed[index] < item { index += 1 }
            guard index < allowed.count, allowed[index] == item else { return nil }
            if index < 64 { mask |= 1 << UInt64(index) }
            index += 1
        }
        return mask
    }

    static func fullMask(_ count: Int) -> UInt64 {
        count >= 64 ? .max : (1 << UInt64(count)) - 1
    }
}
