import TesseraStore
import TesseraJOSE

/// Reusable tokens shared by every node through Redis, so that a client gets the same token from
/// whichever node answers (`tokens.reuse`). The key names the exact grant and the truth it was
/// issued under: `tessera:reuse:<client>\x1f<scope>\x1f<audiences>\x1f<client version>\x1f<signer>`
/// (the versions in hex), so a client changed, removed and re-added with fewer scopes, or a new
/// signing key, never meets an old entry. Value `<jti>\x1f<exp>\x1f<iat>\x1f<scope>\x1f<token>`,
/// kept while the token may still be handed out. The first node to store a token for a grant wins
/// (`SET NX`); the others adopt it. The commands live in Store (`ReuseStore`).
package final class SharedTokenReuse: Sendable {
    package let store: any ReuseStore
    package let minRemainingSeconds: Int64
    package static let keyPrefix = "tessera:reuse:"

    package init(store: any ReuseStore, minRemainingSeconds: Int64) {
        self.store = store
        self.minRemainingSeconds = max(0, minRemainingSeconds)
    }

    package convenience init(pool: RedisPool, minRemainingSeconds: Int64) {
        self.init(store: RedisReuseStore(pool: pool), minRemainingSeconds: minRemainingSeconds)
    }

    /// The one builder of a shared reuse key: issuing (`find`, `claim`) and revoking (`drop`, with
    /// the grant read back from the token by `TokenGrantKey(grantOf:)`) both come through here, so
    /// a revocation names exactly the entry the issue wrote, certificate binding included.
    package static func key(_ grant: TokenGrantKey, stamp: ReuseStamp) -> [UInt8] {
        var bytes = Array(keyPrefix.utf8)
        bytes += grant.clientID.value.utf8
        bytes.append(0x1F)
        bytes += grant.scope.value.utf8
        bytes.append(0x1F)
        bytes += grant.audience.value.utf8
        bytes.append(0x1F)
        bytes += String(stamp.clientVersion, radix: 16).utf8
        bytes.append(0x1F)
        bytes += String(stamp.signer, radix: 16).utf8
        if let binding = grant.binding {  // a bound token: its x5t#S256 last; a jkt, or both, marked apart
            switch grant.bindingKind {
            case .certificate: bytes.append(0x1F)
            case .proofKey: bytes += "\u{1F}jkt:".utf8
            case .both, .none: bytes += "\u{1F}cnf:".utf8
            }
            bytes += ClientCertificate.base64URL(binding).utf8
        }
        return bytes
    }

    /// The glob matching every reuse key of one client (for `client remove`).
    package static func pattern(clientID: String) -> [UInt8] {
        var bytes = Array(keyPrefix.utf8)
        for byte in clientID.utf8 {
            if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "[")
                || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "\\")
            {
                bytes.append(UInt8(ascii: "\\"))
            }
            bytes.append(byte)
        }
        bytes.append(0x1F)
        bytes.append(UInt8(ascii: "*"))
        return bytes
    }

    /// The shared token for this grant, if one is still usable at `now`.
    package func find(_ key: TokenGrantKey, stamp: ReuseStamp, now: Int64) throws(StoreError) -> IssuedToken? {
        guard let bytes = try store.value(for: Self.key(key, stamp: stamp)) else { return nil }
        guard let token = Self.decode(bytes), token.expiresAt - now >= minRemainingSeconds else { return nil }
        return token
    }

    /// Stores `token` unless another node stored one first; returns the token every node uses.
    package func claim(_ token: IssuedToken, for key: TokenGrantKey, stamp: ReuseStamp, now: Int64) throws(StoreError) -> IssuedToken {
        let lifetime = token.expiresAt - minRemainingSeconds - now
        guard lifetime > 0 else { return token }
        if try store.storeIfAbsent(Self.encode(token), for: Self.key(key, stamp: stamp), milliseconds: lifetime * 1000) {
            return token
        }
        return try find(key, stamp: stamp, now: now) ?? token
    }

    /// Forgets the shared token for this grant (it was revoked).
    package func drop(_ key: TokenGrantKey, stamp: ReuseStamp) throws(StoreError) {
        try store.remove(Self.key(key, stamp: stamp))
    }

    /// Deletes every shared reusable token of the client (changed, removed, cut).
    package static func dropAll(clientID: String, pool: RedisPool) throws(StoreError) {
        try RedisReuseStore(pool: pool).removeAll(matching: pattern(clientID: clientID))
    }

    static func encode(_ token: IssuedToken) -> [UInt8] {
        Array("\(token.jwtID)\u{1F}\(token.expiresAt)\u{1F}\(token.issuedAt)\u{1F}\(token.scope)\u{1F}".utf8) + token.token
    }

    static func decode(_ bytes: [UInt8]) -> IssuedToken? {
        let parts = bytes.split(separator: 0x1F, maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, let expiresAt = Int64(String(decoding: parts[1], as: UTF8.self)),
            let issuedAt = Int64(String(decoding: parts[2], as: UTF8.self)), !parts[4].isEmpty
        else {
            return nil
        }
        return IssuedToken(
            token: Array(parts[4]), jwtID: String(decoding: parts[0], as: UTF8.self), expiresAt: expiresAt,
            scope: String(decoding: parts[3], as: UTF8.self), issuedAt: issuedAt)
    }
}
