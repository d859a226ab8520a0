import TesseraStore

/// Reusable tokens shared by every node through Redis, so that a client gets the same token from
/// whichever node answers (`tokens.reuse`). Key `tessera:reuse:<client>\x1f<scopes>\x1f<audiences>\x1f<d>`
/// (the grant key's bit sets), value `<jti>\x1f<exp>\x1f<scope>\x1f<token>`, kept while the token
/// may still be handed out. The first node to store a token for a grant wins (`SET NX`); the
/// others adopt it.
package final class SharedTokenReuse: Sendable {
    package let pool: RedisPool
    package let minRemainingSeconds: Int64

    package init(pool: RedisPool, minRemainingSeconds: Int64) {
        self.pool = pool
        self.minRemainingSeconds = max(0, minRemainingSeconds)
    }

    static func key(_ key: TokenGrantKey) -> [UInt8] {
        // A token bound to a certificate (RFC 8705 §3): `\x1f<x5t#S256>` after the grant.
        let bound = key.certificate.map { "\u{1F}" + ClientCertificate.base64URL($0) } ?? ""
        return Array("tessera:reuse:\(key.clientID)\u{1F}\(key.scopes)\u{1F}\(key.audiences)\u{1F}\(key.defaultAudience ? 1 : 0)\(bound)".utf8)
    }

    /// The shared token for this grant, if one is still usable at `now`.
    package func find(_ key: TokenGrantKey, now: Int64) throws(StoreError) -> IssuedToken? {
        guard let bytes = try pool.command([Array("GET".utf8), Self.key(key)]).bytes else { return nil }
        guard let token = Self.decode(bytes), token.expiresAt - now >= minRemainingSeconds else { return nil }
        return token
    }

    /// Stores `token` unless another node stored one first; returns the token every node uses.
    package func claim(_ token: IssuedToken, for key: TokenGrantKey, now: Int64) throws(StoreError) -> IssuedToken {
        let lifetime = token.expiresAt - minRemainingSeconds - now
        guard lifetime > 0 else { return token }
        let reply = try pool.command([
            Array("SET".utf8), Self.key(key), Self.encode(token), Array("NX".utf8), Array("PX".utf8),
            Array(String(lifetime * 1000).utf8),
        ])
        if case .status = reply { return token }
        return try find(key, now: now) ?? token
    }

    /// Forgets the shared token for this grant (it was revoked).
    package func drop(_ key: TokenGrantKey) throws(StoreError) {
        _ = try pool.command([Array("DEL".utf8), Self.key(key)])
    }

    static func encode(_ token: IssuedToken) -> [UInt8] {
        Array("\(token.jwtID)\u{1F}\(token.expiresAt)\u{1F}\(token.scope)\u{1F}".utf8) + token.token
    }

    static func decode(_ bytes: [UInt8]) -> IssuedToken? {
        let parts = bytes.split(separator: 0x1F, maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let expiresAt = Int64(String(decoding: parts[1], as: UTF8.self)), !parts[3].isEmpty else {
            return nil
        }
        return IssuedToken(
            token: Array(parts[3]), jwtID: String(decoding: parts[0], as: UTF8.self), expiresAt: expiresAt,
            scope: String(decoding: parts[2], as: UTF8.self))
    }
}
